package io.vigil.cli.runtime;

import io.vigil.model.Alert;
import io.vigil.model.Attack;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An alert as a box of text for a person: the sentence to act on first, then the facts. */
public final class AlertCard {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int WIDTH = 78;

    private AlertCard() {}

    public static String render(Alert a, boolean color) {
        String sev = a.severity().wire().toUpperCase(Locale.ROOT);
        String head = "┌─ " + a.type().wire() + " ─ " + sev + " ─ " + a.status() + " ";
        StringBuilder sb = new StringBuilder();
        sb.append(paint(head + "─".repeat(Math.max(3, WIDTH - head.length())), a, color)).append('\n');
        for (String line : wrap(a.summary(), WIDTH - 2)) sb.append("│ ").append(line).append('\n');
        sb.append("│\n");
        row(sb, "site", a.site());
        row(sb, "source", a.src());
        if (a.targets() != null && !a.targets().isEmpty()) {
            row(sb, a.targets().size() == 1 ? "target" : "targets", String.join(", ", a.targets()));
        }
        row(sb, "first seen", TIME.format(a.firstSeen()));
        row(sb, "last seen", TIME.format(a.lastSeen()));
        Duration ttd = Duration.between(a.firstSeen(), a.raisedAt());
        row(sb, "raised", TIME.format(a.raisedAt()) + String.format("  (%.1f s after it began, event time)",
                ttd.toMillis() / 1000.0));
        row(sb, "score", String.format("%.1f  (observed %s, threshold %s)", a.score(), num(a.observed()),
                a.baseline() == null ? "-" : num(a.baseline().mean())));
        StringBuilder ev = new StringBuilder();
        for (Map.Entry<String, Object> e : a.evidence().entrySet()) {
            if (ev.length() > 0) ev.append("  ");
            ev.append(e.getKey()).append('=').append(e.getValue());
        }
        List<String> evLines = wrap(ev.toString(), WIDTH - 16);
        for (int i = 0; i < evLines.size(); i++) row(sb, i == 0 ? "evidence" : "", evLines.get(i));
        for (int i = 0; i < a.attack().size(); i++) {
            String id = a.attack().get(i);
            row(sb, i == 0 ? "ATT&CK" : "", id + " " + Attack.name(id));
        }
        row(sb, "id", a.id());
        sb.append(paint("└" + "─".repeat(WIDTH - 1), a, color)).append('\n');
        return sb.toString();
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format("%.1f", d);
    }

    private static void row(StringBuilder sb, String key, String value) {
        sb.append(String.format("│ %-13s %s%n", key, value));
    }

    private static String paint(String s, Alert a, boolean color) {
        if (!color) return s;
        switch (a.severity()) {
            case CRITICAL: case HIGH: return "\u001b[1;31m" + s + "\u001b[0m";
            case MEDIUM: return "\u001b[1;33m" + s + "\u001b[0m";
            default: return "\u001b[36m" + s + "\u001b[0m";
        }
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        // control characters from the alert's text (a name an attacker chose) would break the card or drive the terminal
        for (String word : text.replaceAll("\\p{Cntrl}", " ").split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0) lines.add(line.toString());
        return lines;
    }
}
