package io.vigil.detector.scan;

import io.vigil.detector.internal.Codec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The binary form of {@link SourceState}: it is written on every probe and login a source
 * makes, and as JSON it was the largest cost of a scan (a scanner's state holds hundreds of
 * entries and a port bitmap).
 */
public final class SourceCodecs {

    private SourceCodecs() {}

    public static final Codec<SourceState> STATE = Codec.of(1, (SourceState s, Codec.Out o) -> {
        o.putInt(s.scanProbes.size());
        s.scanProbes.forEach((victim, ports) -> {
            o.putString(victim);
            intLongs(o, ports);
        });
        ints(o, s.open);
        o.putInt(s.scanPorts.size());
        s.scanPorts.forEach((victim, bits) -> {
            o.putString(victim);
            o.putBytes(bits);
        });
        o.putLong(s.scanAttempts);
        o.putInt(s.sweepProbes.size());
        s.sweepProbes.forEach((port, victims) -> {
            o.putInt(port);
            o.putInt(victims.size());
            victims.forEach((v, t) -> {
                o.putString(v);
                o.putLong(t);
            });
        });
        intStrings(o, s.sweepHosts);
        intLongs(o, s.sweepCounts);
        o.putInt(s.authStarts.size());
        s.authStarts.forEach((port, starts) -> {
            o.putInt(port);
            o.putInt(starts.size());
            for (long t : starts) o.putLong(t);
        });
        intLongs(o, s.authCounts);
        intStrings(o, s.authVictims);
    }, (in, version) -> {
        SourceState s = new SourceState();
        for (int i = in.getInt(); i > 0; i--) s.scanProbes.put(in.getString(), readIntLongs(in));
        for (int i = in.getInt(); i > 0; i--) s.open.add(in.getInt());
        for (int i = in.getInt(); i > 0; i--) s.scanPorts.put(in.getString(), in.getBytes());
        s.scanAttempts = in.getLong();
        for (int i = in.getInt(); i > 0; i--) {
            int port = in.getInt();
            Map<String, Long> victims = new HashMap<>();
            for (int j = in.getInt(); j > 0; j--) victims.put(in.getString(), in.getLong());
            s.sweepProbes.put(port, victims);
        }
        s.sweepHosts.putAll(readIntStrings(in));
        s.sweepCounts.putAll(readIntLongs(in));
        for (int i = in.getInt(); i > 0; i--) {
            int port = in.getInt();
            List<Long> starts = new ArrayList<>();
            for (int j = in.getInt(); j > 0; j--) starts.add(in.getLong());
            s.authStarts.put(port, starts);
        }
        s.authCounts.putAll(readIntLongs(in));
        s.authVictims.putAll(readIntStrings(in));
        return s;
    });

    private static void ints(Codec.Out o, java.util.Collection<Integer> v) {
        o.putInt(v.size());
        for (int x : v) o.putInt(x);
    }

    private static void intLongs(Codec.Out o, Map<Integer, Long> m) {
        o.putInt(m.size());
        m.forEach((k, v) -> {
            o.putInt(k);
            o.putLong(v);
        });
    }

    private static Map<Integer, Long> readIntLongs(Codec.In in) {
        Map<Integer, Long> m = new HashMap<>();
        for (int i = in.getInt(); i > 0; i--) m.put(in.getInt(), in.getLong());
        return m;
    }

    private static void intStrings(Codec.Out o, Map<Integer, TreeSet<String>> m) {
        o.putInt(m.size());
        m.forEach((k, v) -> {
            o.putInt(k);
            o.putInt(v.size());
            for (String x : v) o.putString(x);
        });
    }

    private static Map<Integer, TreeSet<String>> readIntStrings(Codec.In in) {
        Map<Integer, TreeSet<String>> m = new HashMap<>();
        for (int i = in.getInt(); i > 0; i--) {
            int k = in.getInt();
            TreeSet<String> v = new TreeSet<>();
            for (int j = in.getInt(); j > 0; j--) v.add(in.getString());
            m.put(k, v);
        }
        return m;
    }
}
