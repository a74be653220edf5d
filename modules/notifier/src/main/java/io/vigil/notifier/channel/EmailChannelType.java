package io.vigil.notifier.channel;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** {@code type: email}: host, port, security (starttls, implicit, none), username, password, from, to. */
final class EmailChannelType implements ChannelType {

    @Override
    public String type() {
        return "email";
    }

    @Override
    public Supplier<Channel> read(String name, ChannelSettings s, Common c) {
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
        if (security == EmailChannel.Security.NONE && host != null && !io.vigil.model.Cidr.isLoopbackLiteral(host)) {
            s.problem("security", "none is only allowed for a relay on this host; " + host + " needs starttls or implicit");
        }
        EmailChannel.Settings es = new EmailChannel.Settings(host, port, security, user, password, from, to,
                (int) c.timeout().toMillis());
        return () -> new EmailChannel(name, es, c.trustGiven() ? c.trust().get() : null);
    }
}
