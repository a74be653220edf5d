package io.vigil.notifier.channel;

import io.vigil.model.Alert;
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
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
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
        return !"updated".equals(event);
    }

    @Override
    public void deliver(Notice n) throws DeliveryException {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(s.from()));
            for (String to : s.to()) m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            m.setSubject(subject(n), "UTF-8");
            m.setSentDate(new Date());
            if (n.alert() != null) {
                // Replies and threads of the same alert stay together in mail clients.
                m.setHeader("X-Vigil-Alert-Id", n.alert().id());
                m.setHeader("References", "<" + n.alert().id() + "@vigil>");
            }
            MimeBodyPart text = new MimeBodyPart();
            text.setText(text(n), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setContent(html(n), "text/html; charset=UTF-8");
            MimeMultipart body = new MimeMultipart("alternative");
            body.addBodyPart(text);
            body.addBodyPart(html);
            m.setContent(body);
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
        String prefix = "ended".equals(n.event()) ? "Ended: " : "escalated".equals(n.event()) ? "UNACKNOWLEDGED: " : "";
        return "[Vigil " + a.severity().wire().toUpperCase(Locale.ROOT) + "] " + prefix + a.type().wire() + " at "
                + a.site() + (a.src() != null ? " from " + a.src() : "");
    }

    static String text(Notice n) {
        StringBuilder sb = new StringBuilder();
        if (n.isDigest()) {
            sb.append(n.digest().size()).append(" alerts were held back by the rate limit of route ").append(n.route())
                    .append(":\n\n");
            for (Alert a : n.digest()) sb.append("- ").append(a.severity().wire()).append(' ').append(a.type().wire())
                    .append(" at ").append(a.site()).append(": ").append(a.summary()).append('\n');
            return sb.toString();
        }
        Alert a = n.alert();
        sb.append(a.summary()).append("\n\n");
        sb.append("Type:        ").append(a.type().wire()).append('\n');
        sb.append("Severity:    ").append(a.severity().wire()).append('\n');
        sb.append("Site:        ").append(a.site()).append('\n');
        if (a.src() != null) sb.append("Source:      ").append(a.src()).append('\n');
        if (a.dst() != null) sb.append("Target:      ").append(a.dst()).append('\n');
        sb.append("First seen:  ").append(a.firstSeen()).append('\n');
        sb.append("Last seen:   ").append(a.lastSeen()).append('\n');
        sb.append("Alert id:    ").append(a.id()).append('\n');
        sb.append("Evidence:    ").append(a.evidence()).append('\n');
        return sb.toString();
    }

    static String html(Notice n) {
        StringBuilder sb = new StringBuilder("<html><body style=\"font-family:sans-serif\">");
        if (n.isDigest()) {
            sb.append("<p>").append(n.digest().size()).append(" alerts were held back by the rate limit of route <b>")
                    .append(esc(n.route())).append("</b>:</p><ul>");
            for (Alert a : n.digest()) sb.append("<li><b>").append(esc(a.severity().wire())).append(' ')
                    .append(esc(a.type().wire())).append("</b> at ").append(esc(a.site())).append(": ")
                    .append(esc(a.summary())).append("</li>");
            return sb.append("</ul></body></html>").toString();
        }
        Alert a = n.alert();
        sb.append("<p style=\"font-size:1.1em\">").append(esc(a.summary())).append("</p><table>");
        row(sb, "Type", a.type().wire());
        row(sb, "Severity", a.severity().wire());
        row(sb, "Site", a.site());
        row(sb, "Source", a.src());
        row(sb, "Target", a.dst());
        row(sb, "First seen", a.firstSeen().toString());
        row(sb, "Last seen", a.lastSeen().toString());
        row(sb, "Alert id", a.id());
        row(sb, "Evidence", String.valueOf(a.evidence()));
        return sb.append("</table></body></html>").toString();
    }

    private static void row(StringBuilder sb, String k, String v) {
        if (v == null) return;
        sb.append("<tr><td style=\"color:#666;padding-right:1em\">").append(esc(k)).append("</td><td>").append(esc(v))
                .append("</td></tr>");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
