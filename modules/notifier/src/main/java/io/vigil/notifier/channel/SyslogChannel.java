package io.vigil.notifier.channel;

import io.vigil.model.Alert;
import io.vigil.model.Lifecycle;
import io.vigil.runtime.Tls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Syslog to a SIEM: RFC 5424 messages over TLS (RFC 5425, octet-counting framing), the
 * message body in ArcSight CEF so the SIEM can parse fields. Every event goes (SIEMs want the
 * updates). The connection is kept open and re-made after a failure.
 */
public final class SyslogChannel implements Channel {

    private static final int FACILITY_SECURITY = 4;

    private final String name;
    private final String host;
    private final int port;
    private final SSLContext tls;
    private final String hostname;
    private final int timeoutMs;
    private Socket socket;

    /** @param tls null only for a collector on the same host (plain TCP) */
    public SyslogChannel(String name, String host, int port, SSLContext tls, int timeoutMs) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.timeoutMs = timeoutMs;
        String h;
        try {
            h = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            h = "vigil";
        }
        this.hostname = h.replaceAll("[^!-~]", "-");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void deliver(Notice n) throws DeliveryException {
        if (n.isDigest()) {
            for (Alert a : n.digest()) send(frame(a, Lifecycle.DIGEST.wire(), n.route(), null));
        } else {
            send(frame(n.alert(), n.event(), n.route(), n.link()));
        }
    }

    private void send(byte[] frame) throws DeliveryException {
        try {
            if (socket != null && !stillOpen(socket)) closeQuietly();
            if (socket == null || socket.isClosed()) socket = connect();
            OutputStream out = socket.getOutputStream();
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            closeQuietly();
            throw new DeliveryException("syslog " + host + ":" + port + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }

    /**
     * Whether the collector still holds the connection. Syslog has no acknowledgement, and the
     * first write to a connection the peer has closed succeeds locally and is lost; the
     * collector never writes to us, so a 1 ms read that times out means it is still there,
     * while end of stream or an error means it went away and we must reconnect first.
     */
    private boolean stillOpen(Socket s) {
        try {
            s.setSoTimeout(1);
            int b = s.getInputStream().read();
            return b >= 0; // a collector that talks back is odd but alive
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            try {
                if (!s.isClosed()) s.setSoTimeout(timeoutMs);
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private Socket connect() throws IOException {
        Socket s;
        if (tls != null) {
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket();
            ssl.setSSLParameters(Tls.parameters(tls));
            s = ssl;
        } else {
            s = new Socket();
        }
        s.connect(new InetSocketAddress(host, port), timeoutMs);
        s.setSoTimeout(timeoutMs);
        if (s instanceof SSLSocket ssl) ssl.startHandshake();
        return s;
    }

    /** One RFC 5425 frame: the message length, a space, the RFC 5424 message. */
    byte[] frame(Alert a, String event, String route, String link) {
        byte[] msg = message(a, event, route, link).getBytes(StandardCharsets.UTF_8);
        byte[] len = (msg.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[len.length + msg.length];
        System.arraycopy(len, 0, out, 0, len.length);
        System.arraycopy(msg, 0, out, len.length, msg.length);
        return out;
    }

    String message(Alert a, String event, String route, String link) {
        int severity = switch (a.severity()) {
            case CRITICAL -> 2;
            case HIGH -> 3;
            case MEDIUM -> 4;
            case LOW -> 5;
            default -> 6;
        };
        int pri = FACILITY_SECURITY * 8 + severity;
        String ts = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
        return "<" + pri + ">1 " + ts + " " + hostname + " vigil - " + event + " - " + Cef.of(a, event, route, link);
    }

    private void closeQuietly() {
        try {
            if (socket != null) socket.close();
        } catch (IOException e) {
            // already broken
        }
        socket = null;
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    /** ArcSight Common Event Format, version 0. */
    public static final class Cef {
        private Cef() {}

        public static String of(Alert a, String event, String route) {
            return of(a, event, route, null);
        }

        /** With {@code link}, the alert's page in the console, as {@code flexString1} (labelled {@code link}). */
        public static String of(Alert a, String event, String route, String link) {
            int sev = switch (a.severity()) {
                case CRITICAL -> 10;
                case HIGH -> 8;
                case MEDIUM -> 5;
                case LOW -> 3;
                default -> 1;
            };
            StringBuilder sb = new StringBuilder("CEF:0|Vigil|Vigil|0.1|").append(header(a.type().wire())).append('|')
                    .append(header(a.type().wire().replace('_', ' ') + " at " + a.site())).append('|').append(sev).append('|');
            ext(sb, "rt", Long.toString(a.raisedAt().toEpochMilli()));
            ext(sb, "start", Long.toString(a.firstSeen().toEpochMilli()));
            ext(sb, "end", Long.toString(a.lastSeen().toEpochMilli()));
            if (a.src() != null) ext(sb, isIp(a.src()) ? "src" : "suser", a.src());
            if (a.dst() != null) ext(sb, isIp(a.dst()) ? "dst" : "duser", a.dst());
            ext(sb, "cs1Label", "alertId");
            ext(sb, "cs1", a.id());
            ext(sb, "cs2Label", "site");
            ext(sb, "cs2", a.site());
            ext(sb, "cs3Label", "event");
            ext(sb, "cs3", event);
            ext(sb, "cs4Label", "route");
            ext(sb, "cs4", route == null ? "" : route);
            ext(sb, "cs5Label", "status");
            ext(sb, "cs5", a.status());
            // The ATT&CK techniques, so a SIEM can sort and report by them.
            if (!a.attack().isEmpty()) {
                ext(sb, "cs6Label", "mitreTechniques");
                ext(sb, "cs6", String.join(",", a.attack()));
            }
            if (link != null) {
                ext(sb, "flexString1Label", "link");
                ext(sb, "flexString1", link);
            }
            ext(sb, "cn1Label", "score");
            ext(sb, "cn1", Long.toString(Math.round(a.score()))); // CEF custom numbers are integers
            ext(sb, "msg", a.summary());
            return sb.toString().trim();
        }

        private static boolean isIp(String s) {
            return s.matches("[0-9.]+") || (s.contains(":") && s.matches("[0-9a-fA-F:]+"));
        }

        /** Header fields escape | and \\; no control character survives. */
        static String header(String s) {
            return s.replace("\\", "\\\\").replace("|", "\\|").replaceAll("\\p{Cntrl}", " ");
        }

        /** Extension values escape \\, = and newlines; other control characters (NUL, ESC) become spaces. */
        private static void ext(StringBuilder sb, String key, String value) {
            sb.append(key).append('=').append(value.replace("\\", "\\\\").replace("=", "\\=").replace("\r", "")
                    .replace("\n", "\\n").replaceAll("\\p{Cntrl}", " ")).append(' ');
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Its settings, read and checked: host, port (6514); always TLS (RFC 5425), CEF in the message. */
    static Supplier<Channel> read(String name, ChannelSettings s, ChannelType.Common c) {
        String host = s.string("host", null);
        int port = s.integer("port", 6514);
        s.show("host", host);
        s.show("port", port);
        if (host == null) s.problem("host", "missing");
        return () -> new SyslogChannel(name, host, port, c.trust().get(), (int) c.timeout().toMillis());
    }
}
