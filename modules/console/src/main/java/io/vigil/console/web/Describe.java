package io.vigil.console.web;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Words and numbers for people, as the pages write them: alert types in plain English, times
 * in UTC (an incident crosses sites and clocks; UTC is what the SIEM says too), sizes in KB/MB,
 * the evidence map as labelled lines, and the sentence that says why an alert fired — what was
 * observed against the threshold or the host's own normal.
 */
public final class Describe {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Describe() {}

    public static String time(Instant t) {
        return t == null ? "—" : TIME.format(t);
    }

    /** ISO-8601, for machines (the time element's datetime). */
    public static String iso(Instant t) {
        return t == null ? "" : t.toString();
    }

    public static String ago(Instant t, Instant now) {
        if (t == null) return "";
        long s = Duration.between(t, now).toSeconds();
        if (s < 0) return "just now";
        if (s < 60) return s + " s ago";
        if (s < 3600) return s / 60 + " min ago";
        if (s < 172_800) return s / 3600 + " h ago";
        return s / 86_400 + " days ago";
    }

    public static String typeName(AlertType t) {
        return switch (t) {
            case PORT_SCAN -> "Port scan";
            case HOST_SWEEP -> "Host sweep";
            case SYN_FLOOD -> "SYN flood";
            case BRUTE_FORCE -> "Password guessing";
            case EXFILTRATION -> "Data leaving";
            case BEACONING -> "Beaconing (C2)";
            case DNS_TUNNEL -> "DNS tunnel";
            case ICMP_TUNNEL -> "ICMP tunnel";
            case VOLUME_ANOMALY -> "Unusual volume";
            case INSECURE_PROTOCOL -> "Insecure protocol";
            case COLLECTOR_SILENT -> "Collector silent";
            case THREAT_INTEL -> "Threat indicator";
            case CHANNEL_FAILING -> "Channel failing";
            case SUPPRESSION_EXPIRING -> "Suppression ending";
        };
    }

    /** The GOV.UK tag colour of a severity. */
    public static String severityTag(Severity s) {
        return switch (s) {
            case CRITICAL -> "govuk-tag--red vigil-critical";
            case HIGH -> "govuk-tag--red";
            case MEDIUM -> "govuk-tag--orange";
            case LOW -> "govuk-tag--yellow";
            case INFO -> "govuk-tag--grey";
        };
    }

    public static String stateTag(String state) {
        return switch (state) {
            case "new", "open" -> "govuk-tag--blue";
            case "acknowledged" -> "govuk-tag--turquoise";
            default -> "govuk-tag--grey";
        };
    }

    /** What a fetch of an alert's packets brought, in a sentence. */
    public static String packets(io.vigil.console.packets.PacketShelf.Entry e) {
        var r = e.result();
        if (r.hasPackets()) {
            return number(r.packets()) + (r.packets() == 1 ? " packet, " : " packets, ") + bytes(r.pcap().length)
                    + " from collector " + r.collector() + ("partial".equals(r.status()) ? " (partial: " + r.reason() + ")" : "");
        }
        return "No packets: " + r.status() + (r.reason() == null ? "" : " — " + r.reason());
    }

    public static String bytes(double b) {
        if (b < 1024) return String.format(Locale.ROOT, "%.0f bytes", b);
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = b;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[i]);
    }

    public static String number(double v) {
        if (Double.isNaN(v)) return "—";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.UK, "%,d", (long) v);
        return String.format(Locale.UK, Math.abs(v) >= 100 ? "%,.0f" : "%,.2f", v);
    }

    /** The MITRE ATT&CK page of a technique ({@code T1110.001} → {@code /techniques/T1110/001/}). */
    public static String attackUrl(String technique) {
        if (technique == null || !technique.matches("T\\d{4}(\\.\\d{3})?")) return null;
        return "https://attack.mitre.org/techniques/" + technique.replace('.', '/') + "/";
    }

    /** {@code distinct_ports} → "Distinct ports". */
    public static String label(String key) {
        String s = key.replace('_', ' ');
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** One evidence value as text: sizes for byte counts, durations for seconds, lists joined. */
    public static String value(String key, Object v) {
        if (v == null) return "—";
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) parts.add(o instanceof Number n ? number(n.doubleValue()) : String.valueOf(o));
            return String.join(", ", parts);
        }
        if (v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, x) -> parts.add(k + " " + x));
            return String.join(", ", parts);
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (key.contains("bytes")) return bytes(d) + (d >= 1024 ? " (" + number(d) + " bytes)" : "");
            if (key.endsWith("_seconds") && d >= 120) return number(d) + " s (" + duration(d) + ")";
            if (key.endsWith("_share")) return String.format(Locale.ROOT, "%.0f %%", d * 100);
            return number(d);
        }
        if (v instanceof Boolean b) return b ? "yes" : "no";
        return String.valueOf(v);
    }

    static String duration(double seconds) {
        long s = (long) seconds;
        if (s < 3600) return s / 60 + " min";
        if (s < 86_400) return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
        return String.format(Locale.ROOT, "%.1f days", s / 86_400.0);
    }

    /** The evidence as label and value pairs, in the detector's order. */
    public static List<String[]> evidence(Alert a) {
        List<String[]> out = new ArrayList<>();
        if (a.evidence() == null) return out;
        a.evidence().forEach((k, v) -> out.add(new String[] {label(k), value(k, v)}));
        return out;
    }

    /** What the observed number counts, for each type: the measure the detector judged. */
    static String measure(Alert a) {
        Object m = a.evidence() == null ? null : a.evidence().get("measure");
        return switch (a.type()) {
            case PORT_SCAN -> "distinct ports probed";
            case HOST_SWEEP -> "hosts probed";
            case SYN_FLOOD -> "connection attempts left half-open";
            case BRUTE_FORCE -> "password attempts (estimated)";
            case EXFILTRATION -> "sent";
            case BEACONING -> "seconds between contacts";
            case DNS_TUNNEL -> "unique names asked for";
            case INSECURE_PROTOCOL -> "connections";
            case COLLECTOR_SILENT -> "seconds without hearing from the collector";
            case THREAT_INTEL -> "matches";
            case VOLUME_ANOMALY, ICMP_TUNNEL -> m == null ? "observed" : label(String.valueOf(m)).toLowerCase(Locale.ROOT);
            case CHANNEL_FAILING -> "failed attempts";
            case SUPPRESSION_EXPIRING -> "hours left";
        };
    }

    /**
     * Why it fired, in one line of numbers: what was observed, over what window, against what
     * — a fixed threshold (the baseline has no samples) or the host's own normal (mean, spread
     * and how much history it rests on).
     */
    public static String why(Alert a) {
        boolean sizes = a.type() == AlertType.EXFILTRATION
                || String.valueOf(a.evidence() == null ? "" : a.evidence().get("measure")).contains("bytes");
        String observed = sizes ? bytes(a.observed()) : number(a.observed());
        StringBuilder b = new StringBuilder(observed).append(' ').append(measure(a));
        Object w = a.evidence() == null ? null : a.evidence().get("window_seconds");
        Object h = a.evidence() == null ? null : a.evidence().get("horizon_minutes");
        if (w instanceof Number n) b.append(" in ").append(number(n.doubleValue())).append(" s");
        else if (h instanceof Number n) b.append(" in ").append(number(n.doubleValue())).append(" minutes");
        Alert.Baseline base = a.baseline();
        if (base != null) {
            String mean = sizes ? bytes(base.mean()) : number(base.mean());
            if (base.samples() == 0) {
                b.append("; the threshold is ").append(mean);
            } else {
                b.append("; the host's normal is ").append(mean).append(" (spread ")
                        .append(sizes ? bytes(base.spread()) : number(base.spread())).append(", from ")
                        .append(number(base.samples())).append(" samples)");
            }
        }
        b.append("; score ").append(String.format(Locale.UK, "%.1f", a.score())).append(" (1 is the threshold)");
        return b.toString();
    }
}
