package io.vigil.notifier.channel;

import io.vigil.model.Alert;
import io.vigil.model.Attack;
import io.vigil.model.Cidr;
import io.vigil.model.Lifecycle;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLContext;

/**
 * E-mail over SMTP with Jakarta Mail (Angus): STARTTLS (required, not opportunistic) or
 * implicit TLS, authentication, and a plain-text and an HTML part. People get raised,
 * escalated and ended; intermediate updates would be noise in an inbox.
 */
public final class EmailChannel implements Channel {

    /** How the connection is protected; {@code NONE} only for a relay on the same host. */
    public enum Security { STARTTLS, IMPLICIT, NONE }

    public record Settings(String host, int port, Security security, String username, String password, String from,
                           List<String> to, int timeoutMs) {}

    private final String name;
    private final Settings s;
    private final Session session;
    private final String proto;

    public EmailChannel(String name, Settings s, SSLContext tls) {
        this.name = name;
        this.s = s;
        Properties p = new Properties();
        this.proto = s.security() == Security.IMPLICIT ? "smtps" : "smtp";
        p.put("mail.transport.protocol", proto);
        p.put("mail." + proto + ".host", s.host());
        p.put("mail." + proto + ".port", Integer.toString(s.port()));
        p.put("mail." + proto + ".connectiontimeout", Integer.toString(s.timeoutMs()));
        p.put("mail." + proto + ".timeout", Integer.toString(s.timeoutMs()));
        p.put("mail." + proto + ".writetimeout", Integer.toString(s.timeoutMs()));
        p.put("mail." + proto + ".auth", Boolean.toString(s.username() != null));
        if (s.security() == Security.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (s.security() != Security.NONE) {
            p.put("mail." + proto + ".ssl.protocols", "TLSv1.3 TLSv1.2");
            p.put("mail." + proto + ".ssl.checkserveridentity", "true");
            if (tls != null) p.put("mail." + proto + ".ssl.socketFactory", tls.getSocketFactory());
        }
        Authenticator auth = s.username() == null ? null : new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(s.username(), s.password());
            }
        };
        this.session = Session.getInstance(p, auth);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean wants(String event) {
        return !Lifecycle.UPDATED.is(event);
    }

    @Override
    public void deliver(Notice n) throws DeliveryException {
        send(subject(n), text(n), html(n), List.of(), m -> {
            if (n.alert() != null) {
                // Replies and threads of the same alert stay together in mail clients.
                m.setHeader("X-Vigil-Alert-Id", n.alert().id());
                m.setHeader("References", "<" + n.alert().id() + "@vigil>");
            }
        });
    }

    /** A file to attach: its name, MIME type and content. */
    public record Attachment(String name, String type, byte[] content) {}

    /**
     * Sends a document rather than an alert (the weekly report): a plain-text and an HTML
     * body, and attachments, to the channel's recipients over the channel's connection.
     */
    public void sendDocument(String subject, String text, String html, List<Attachment> attachments)
            throws DeliveryException {
        send(subject, text, html, attachments, m -> { });
    }

    @FunctionalInterface
    private interface Headers {
        void add(MimeMessage m) throws MessagingException;
    }

    /** One message: text and HTML alternatives, then any attachments, over the channel's transport. */
    private void send(String subject, String text, String html, List<Attachment> attachments, Headers headers)
            throws DeliveryException {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(s.from()));
            for (String to : s.to()) m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            m.setSubject(subject, "UTF-8");
            m.setSentDate(new Date());
            headers.add(m);
            MimeBodyPart textPart = new MimeBodyPart();
            textPart.setText(text, "UTF-8");
            MimeBodyPart htmlPart = new MimeBodyPart();
            htmlPart.setContent(html, "text/html; charset=UTF-8");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(textPart);
            alternative.addBodyPart(htmlPart);
            if (attachments.isEmpty()) {
                m.setContent(alternative);
            } else {
                MimeBodyPart body = new MimeBodyPart();
                body.setContent(alternative);
                MimeMultipart mixed = new MimeMultipart("mixed");
                mixed.addBodyPart(body);
                for (Attachment a : attachments) {
                    MimeBodyPart part = new MimeBodyPart();
                    part.setDataHandler(new jakarta.activation.DataHandler(
                            new jakarta.mail.util.ByteArrayDataSource(a.content(), a.type())));
                    part.setFileName(a.name());
                    part.setDisposition(jakarta.mail.Part.ATTACHMENT);
                    mixed.addBodyPart(part);
                }
                m.setContent(mixed);
            }
            m.saveChanges();
            // Transport.send would pick the transport by address type (rfc822 -> "smtp") and
            // ignore an implicit-TLS "smtps" setting; ask for ours by name.
            try (Transport t = session.getTransport(proto)) {
                t.connect();
                t.sendMessage(m, m.getAllRecipients());
            }
        } catch (MessagingException e) {
            throw new DeliveryException("smtp " + s.host() + ":" + s.port() + " failed: " + rootMessage(e), e);
        }
    }

    static String subject(Notice n) {
        if (n.isDigest()) return "[Vigil] digest: " + n.digest().size() + " alerts held back (" + n.route() + ")";
        Alert a = n.alert();
        String prefix = Lifecycle.ENDED.is(n.event()) ? "Ended: " : Lifecycle.ESCALATED.is(n.event()) ? "UNACKNOWLEDGED: " : "";
        return "[Vigil " + a.severity().wire().toUpperCase(Locale.ROOT) + "] " + prefix + a.type().wire() + " at "
                + a.site() + (a.src() != null ? " from " + a.src() : "");
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** The facts of an alert in the order an analyst reads them: what, where, who, when, which. */
    private static List<String[]> facts(Alert a) {
        List<String[]> f = new ArrayList<>();
        f.add(new String[] {"Type", a.type().wire()});
        f.add(new String[] {"Severity", a.severity().wire()});
        f.add(new String[] {"Site", a.site()});
        if (a.src() != null) f.add(new String[] {"Source", a.src()});
        if (a.dst() != null) f.add(new String[] {"Target", a.dst()});
        if (a.targets() != null && a.targets().size() > 1) f.add(new String[] {"Targets", String.join(", ", a.targets())});
        f.add(new String[] {"First seen", TIME.format(a.firstSeen())});
        f.add(new String[] {"Last seen", TIME.format(a.lastSeen())});
        if (!a.attack().isEmpty()) {
            f.add(new String[] {"ATT&CK", a.attack().stream().map(id -> id + " " + Attack.name(id))
                    .collect(Collectors.joining("; "))});
        }
        if (a.evidence() != null) {
            for (var e : a.evidence().entrySet()) {
                Object v = e.getValue();
                String shown = v instanceof Iterable<?> it ? String.join(", ", StreamSupport
                        .stream(it.spliterator(), false).map(String::valueOf).toList()) : String.valueOf(v);
                f.add(new String[] {e.getKey().replace('_', ' '), shown});
            }
        }
        f.add(new String[] {"Alert id", a.id()});
        return f;
    }

    private static String banner(Notice n) {
        Alert a = n.alert();
        String what = a.severity().wire().toUpperCase(Locale.ROOT) + " · " + a.type().wire() + " at " + a.site();
        return switch (Lifecycle.parse(n.event())) {
            case ENDED -> "Ended: " + what;
            case ESCALATED -> "Not acknowledged: " + what;
            default -> what;
        };
    }

    /** The plain-text part, as sent. */
    public static String text(Notice n) {
        StringBuilder sb = new StringBuilder();
        if (n.isDigest()) {
            sb.append(n.digest().size()).append(" alerts were held back by the rate limit of route ").append(n.route())
                    .append(":\n\n");
            for (Alert a : n.digest()) sb.append("- ").append(a.severity().wire()).append(' ').append(a.type().wire())
                    .append(" at ").append(a.site()).append(": ").append(a.summary()).append('\n');
            if (n.link() != null) sb.append("\nThe queue: ").append(n.link()).append('\n');
            return sb.toString();
        }
        Alert a = n.alert();
        sb.append(banner(n)).append("\n\n").append(a.summary()).append("\n\n");
        for (String[] f : facts(a)) sb.append(String.format(Locale.ROOT, "%-16s %s%n", f[0] + ":", f[1]));
        if (n.link() != null) sb.append("\nOpen it in Vigil: ").append(n.link()).append('\n');
        sb.append("\nSent by Vigil, route ").append(n.route()).append(".\n");
        return sb.toString();
    }

    /** The HTML part, as sent (docs/img/alert-email.png is a picture of it). */
    public static String html(Notice n) {
        StringBuilder sb = new StringBuilder("<html><body style=\"font-family:sans-serif\">");
        if (n.isDigest()) {
            sb.append("<p>").append(n.digest().size()).append(" alerts were held back by the rate limit of route <b>")
                    .append(esc(n.route())).append("</b>:</p><ul>");
            for (Alert a : n.digest()) sb.append("<li><b>").append(esc(a.severity().wire())).append(' ')
                    .append(esc(a.type().wire())).append("</b> at ").append(esc(a.site())).append(": ")
                    .append(esc(a.summary())).append("</li>");
            sb.append("</ul>");
            if (n.link() != null) sb.append(button(n.link(), "Open the queue in Vigil"));
            return sb.append("</body></html>").toString();
        }
        Alert a = n.alert();
        String colour = Lifecycle.ENDED.is(n.event()) ? "#607d8b" : switch (a.severity()) {
            case CRITICAL -> "#8b0000";
            case HIGH -> "#d32f2f";
            case MEDIUM -> "#f9a825";
            default -> "#1e88e5";
        };
        sb.append("<div style=\"background:").append(colour).append(";color:#fff;padding:8px 12px;font-weight:bold\">")
                .append(esc(banner(n))).append("</div>");
        sb.append("<p style=\"font-size:1.1em\">").append(esc(a.summary())).append("</p><table style=\"border-collapse:collapse\">");
        for (String[] f : facts(a)) {
            sb.append("<tr><td style=\"color:#666;padding:2px 1.5em 2px 0;white-space:nowrap;vertical-align:top\">")
                    .append(esc(f[0])).append("</td><td style=\"padding:2px 0\">").append(esc(f[1])).append("</td></tr>");
        }
        sb.append("</table>");
        if (n.link() != null) sb.append(button(n.link(), "Open this alert in Vigil"));
        sb.append("<p style=\"color:#999;font-size:0.85em\">Sent by Vigil, route ").append(esc(n.route()))
                .append(".</p>");
        return sb.append("</body></html>").toString();
    }

    /** A link that looks like a button in every mail client (a table cell, no CSS classes). */
    private static String button(String url, String label) {
        return "<p><a href=\"" + esc(url) + "\" style=\"display:inline-block;background:#00703c;color:#fff;padding:8px 14px;"
                + "text-decoration:none;font-weight:bold\">" + esc(label) + "</a></p>";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** Its settings, read and checked: host, port, security (starttls, implicit, none), username, password, from, to. */
    static Supplier<Channel> read(String name, ChannelSettings s, ChannelType.Common c) {
        String host = s.string("host", null);
        String sec = s.string("security", "starttls");
        EmailChannel.Security security = null;
        try {
            security = EmailChannel.Security.valueOf(sec.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            s.problem("security", "'" + sec + "' is not one of starttls, implicit, none");
        }
        int port = s.integer("port", security == EmailChannel.Security.IMPLICIT ? 465 : 587);
        String user = s.string("username", null);
        String password = s.string("password", null);
        String from = s.string("from", null);
        List<String> to = s.list("to", List.of());
        s.show("host", host);
        s.show("port", port);
        s.show("security", sec);
        if (user != null) {
            s.show("username", user);
            s.show("password", password);
        }
        s.show("from", from);
        s.show("to", to);
        if (host == null) s.problem("host", "missing");
        if (from == null) s.problem("from", "missing");
        if (to.isEmpty()) s.problem("to", "give at least one address");
        if (user != null && password == null) s.problem("password", "missing for username " + user);
        if (security == EmailChannel.Security.NONE && host != null && !Cidr.isLoopbackLiteral(host)) {
            s.problem("security", "none is only allowed for a relay on this host; " + host + " needs starttls or implicit");
        }
        EmailChannel.Settings es = new EmailChannel.Settings(host, port, security, user, password, from, to,
                (int) c.timeout().toMillis());
        return () -> new EmailChannel(name, es, c.trustGiven() ? c.trust().get() : null);
    }
}
