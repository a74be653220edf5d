package io.vigil.detector.peer;

import io.vigil.detector.codec.Codec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which internal hosts used one peer (an address, a network, or a DNS server), with the last
 * day each did; at most {@link #CAP} hosts are named, which is more than "common" needs.
 */
public final class Seen {

    static final int CAP = 32;

    /** When the site was first seen using it (event time, ms). */
    public long first;
    /** Host (hash of its address or pseudonym) to the epoch day it last used the peer. */
    public Map<Integer, Integer> hosts = new LinkedHashMap<>();

    /** The day hosts past the window were last dropped: once a day is enough. */
    public int pruned;

    /** Records a use; true when anything changed. */
    boolean use(int host, int day, int window) {
        boolean changed = false;
        if (pruned != day) {
            pruned = day;
            changed = hosts.values().removeIf(d -> d <= day - window);
        }
        Integer last = hosts.get(host);
        if (last != null && last >= day) return changed;
        if (last == null && hosts.size() >= CAP) return changed;
        hosts.put(host, day);
        return true;
    }

    /** Hosts other than {@code host} that used it within the window before {@code day}. */
    int others(int host, int day, int window) {
        int n = 0;
        for (Map.Entry<Integer, Integer> e : hosts.entrySet()) {
            if (e.getKey() != host && e.getValue() > day - window) n++;
        }
        return n;
    }

    /** Binary codec of the peer stage's prevalence state. */
    public static final Codec<Seen> CODEC = Codec.of(1, (Seen s, Codec.Out o) -> {
        o.putLong(s.first);
        o.putInt(s.pruned);
        o.putInt(s.hosts.size());
        s.hosts.forEach((host, day) -> {
            o.putInt(host);
            o.putInt(day);
        });
    }, (in, version) -> {
        Seen s = new Seen();
        s.first = in.getLong();
        s.pruned = in.getInt();
        for (int i = in.getInt(); i > 0; i--) s.hosts.put(in.getInt(), in.getInt());
        return s;
    });
}
