package io.vigil.notifier.channel;

import io.vigil.model.Alert;
import io.vigil.model.Lifecycle;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * One line per alert for a person watching a terminal: when, how bad, what, who, and the
 * sentence that says what to do. Raised and ended are shown; intermediate updates are not.
 */
public record ConsoleChannel(String name, PrintStream out, boolean color) implements Channel {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    public ConsoleChannel(PrintStream out, boolean color) {
        this("console", out, color);
    }

    @Override
    public boolean wants(String event) {
        return !Lifecycle.UPDATED.is(event);
    }

    @Override
    public void deliver(Notice n) {
        if (n.isDigest()) {
            out.println("[digest] " + n.headline());
            for (Alert a : n.digest()) out.println("  " + format(a, Lifecycle.RAISED.wire(), false));
        } else {
            out.println(format(n.alert(), n.event(), color));
            if (n.link() != null) out.println("  " + n.link().replaceAll("\\p{Cntrl}", " "));
        }
        out.flush();
    }

    public static String format(Alert a, String event, boolean color) {
        String sev = a.severity().wire().toUpperCase(Locale.ROOT);
        String who = (a.src() == null ? a.site() : a.src()) + (a.dst() != null ? " -> " + a.dst()
                : a.targets() != null && !a.targets().isEmpty() ? " -> " + a.targets().size() + " hosts" : "");
        String what = Lifecycle.ENDED.is(event) ? "ENDED " : Lifecycle.ESCALATED.is(event) ? "ESCALATED " : "";
        String line = String.format("[%s] %s%-8s %s site=%s %s: %s (id %s)", TIME.format(a.firstSeen()), what, sev,
                a.type().wire(), a.site(), who, a.summary(), a.id().length() > 8 ? a.id().substring(0, 8) : a.id())
                // one line, whatever the alert's text holds: a line break or an escape sequence an
                // attacker put in a name must not forge a second alert line or drive the terminal
                .replaceAll("\\p{Cntrl}", " ");
        if (!color) return line;
        String c;
        switch (a.severity()) {
            case CRITICAL: c = "\u001b[1;41;97m"; break;
            case HIGH: c = "\u001b[1;31m"; break;
            case MEDIUM: c = "\u001b[1;33m"; break;
            default: c = "\u001b[36m";
        }
        return c + line + "\u001b[0m";
    }

    /** Its settings, read and checked: a line per notice on the command's stderr; nothing to set. */
    static Supplier<Channel> read(String name, ChannelSettings s, ChannelType.Common c) {
        return () -> new ConsoleChannel(name, c.console(), c.color());
    }
}
