package io.vigil.cli.config;

import io.vigil.cli.UserException;
import io.vigil.model.WeeklySummary;
import io.vigil.runtime.config.ConfigTree;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each site's provisioned internet link, declared once under {@code sites.NAME.capacity}
 * ({@code upload}, {@code download}: a rate like {@code 20Mbit}, {@code 1Gbit}, {@code 512kbit},
 * or bits per second) in the detector's settings, where sites are declared; the weekly report
 * reads it from there (or {@code --capacity NAME=UP/DOWN}) to show the busiest times as a share
 * of the link.
 */
public final class Capacities {

    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:bit|bps|b)?(?:/s)?",
            Pattern.CASE_INSENSITIVE);

    private Capacities() {}

    /** Every site's capacity in the tree; a bad or half-given one is a problem with its key. */
    static Map<String, WeeklySummary.Capacity> read(ConfigTree t) {
        Map<String, WeeklySummary.Capacity> out = new LinkedHashMap<>();
        for (String site : t.keys("sites")) {
            String base = "sites." + site + ".capacity";
            String up = t.string(base + ".upload", null), down = t.string(base + ".download", null);
            if (up == null && down == null) continue;
            if (up == null || down == null) {
                t.addProblem(base + ": give both upload and download");
                continue;
            }
            try {
                out.put(site, new WeeklySummary.Capacity(bitsPerSecond(up), bitsPerSecond(down)));
            } catch (IllegalArgumentException e) {
                t.addProblem(base + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** {@code NAME=UP/DOWN}, as given to {@code --capacity}. */
    public static Map.Entry<String, WeeklySummary.Capacity> option(String s) {
        int eq = s.indexOf('='), slash = s.indexOf('/', eq + 1);
        if (eq <= 0 || slash < 0) throw new UserException("--capacity: '" + s + "' is not NAME=UPLOAD/DOWNLOAD, like clinic-north=20Mbit/80Mbit");
        try {
            return Map.entry(s.substring(0, eq), new WeeklySummary.Capacity(bitsPerSecond(s.substring(eq + 1, slash)),
                    bitsPerSecond(s.substring(slash + 1))));
        } catch (IllegalArgumentException e) {
            throw new UserException("--capacity: " + e.getMessage());
        }
    }

    /** A rate in bits per second, from 20Mbit, 1.5Gbit, 512kbit or a plain number. */
    static long bitsPerSecond(String s) {
        Matcher m = RATE.matcher(s.trim());
        if (!m.matches()) throw new IllegalArgumentException("'" + s + "' is not a rate (like 20Mbit, 1Gbit)");
        int power = "KMGT".indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1;
        double v = Double.parseDouble(m.group(1)) * Math.pow(1000, m.group(2).isEmpty() ? 0 : power);
        if (v < 1000) throw new IllegalArgumentException("'" + s + "' is below 1 kbit/s: a link is never that slow");
        return (long) v;
    }
}
