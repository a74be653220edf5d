package io.vigil.notifier;

import io.vigil.model.Alert;
import io.vigil.model.Suppression;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The suppressions the notifier knows, indexed for the question it asks of every alert record:
 * which one in force matches it? Every scope has a type and a site, and most name one source
 * address or a block inside one IPv4 /16, so they are kept by "type|site|source", where the
 * source is the address, {@code /16:A.B}, or {@code *} for a wider block or no source; an alert
 * looks in three buckets, not at every suppression (BENCHMARKS.md: ten thousand cost it about
 * what none do). One writer; {@link #all()} may be read from another thread (the metrics).
 */
public final class SuppressionIndex {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private final Map<String, Suppression> byId = new ConcurrentHashMap<>();
    private final Map<String, List<Suppression>> byKey = new HashMap<>();

    /** The suppression {@code id} as it now stands; null removes it. */
    public void put(String id, Suppression s) {
        Suppression old = byId.remove(id);
        if (old != null) {
            List<Suppression> l = byKey.get(key(old));
            if (l != null) l.remove(old);
        }
        if (s == null) return;
        byId.put(id, s);
        byKey.computeIfAbsent(key(s), k -> new ArrayList<>()).add(s);
    }

    /** The suppression in force at {@code now} that matches {@code a}, or null. */
    public Suppression match(Alert a, Instant now) {
        String sixteen = a.src() == null ? null : slash16(a.src(), 32);
        for (String src : new String[] {a.src(), sixteen, "*"}) {
            if (src == null) continue;
            List<Suppression> candidates = byKey.get(key(a.type().wire(), a.site(), src));
            if (candidates == null) continue;
            for (Suppression s : candidates) {
                if (s.activeAt(now) && s.scope().matches(a)) return s;
            }
        }
        return null;
    }

    public Collection<Suppression> all() {
        return byId.values();
    }

    /** "/16:A.B" for an IPv4 address, or a block of prefix 16 or longer; null for anything else. */
    static String slash16(String v, int prefix) {
        if (prefix < 16 || !IPV4.matcher(v).matches()) return null;
        int second = v.indexOf('.', v.indexOf('.') + 1);
        return "/16:" + v.substring(0, second);
    }

    /** A suppression's bucket: its source when it names one address, its /16 when a block inside one, else "*". */
    private static String key(Suppression s) {
        String src = s.scope().src();
        String bucket = "*";
        if (src != null && !src.contains("/")) {
            bucket = src;
        } else if (src != null) {
            int slash = src.indexOf('/');
            String sixteen = slash16(src.substring(0, slash), Integer.parseInt(src.substring(slash + 1)));
            if (sixteen != null) bucket = sixteen;
        }
        return key(s.scope().type().wire(), s.scope().site(), bucket);
    }

    private static String key(String type, String site, String src) {
        return type + "|" + site + "|" + src;
    }
}
