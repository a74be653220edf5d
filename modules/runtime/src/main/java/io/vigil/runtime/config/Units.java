package io.vigil.runtime.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations and sizes as the config files write them; {@link Setting} writes them back the same way. */
public final class Units {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]?)(i?B)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Units() {}

    /** A duration as the config file writes it: the largest unit that says it exactly ({@code 6h}, {@code 90s}, {@code 0s}). */
    public static String text(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) return "0s";
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) if (ms % units[i] == 0) return ms / units[i] + names[i];
        return ms + "ms";
    }

    /** A size as the config file writes it: the largest binary unit that says it exactly ({@code 64MB}, {@code 1500}). */
    public static String text(long bytes) {
        String[] names = {"TB", "GB", "MB", "KB"};
        for (int i = 0; i < names.length; i++) {
            long unit = 1L << (10 * (4 - i));
            if (bytes != 0 && bytes % unit == 0) return bytes / unit + names[i];
        }
        return Long.toString(bytes);
    }

    /** {@code 250ms}, {@code 60s}, {@code 5m}, {@code 1h}, {@code 7d} or ISO-8601 ({@code PT1M}); null if none of them. */
    public static Duration duration(String text) {
        String s = text.trim();
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            long v = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": return Duration.ofMillis(v);
                case "s": return Duration.ofSeconds(v);
                case "m": return Duration.ofMinutes(v);
                case "h": return Duration.ofHours(v);
                default: return Duration.ofDays(v);
            }
        }
        try {
            return Duration.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code 1500}, {@code 64KB}, {@code 64MB}, {@code 1GiB} (binary units) in bytes; null if not a size. */
    public static Long bytes(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) return null;
        long v = Long.parseLong(m.group(1));
        // No unit is bytes ("".indexOf gives 0, which would make it kilobytes).
        int shift = m.group(2).isEmpty() ? 0 : "KMGT".indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1;
        return v << (10 * shift);
    }
}
