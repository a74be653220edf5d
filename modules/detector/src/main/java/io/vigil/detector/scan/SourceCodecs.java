package io.vigil.detector.scan;

import io.vigil.detector.codec.Codec;
import java.util.ArrayList;
import java.util.HashMap;
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
        // the probes are most of a scanner's state: written in plain loops, as the hottest path
        o.putInt(s.scanProbes.size());
        for (Map.Entry<String, Map<Integer, Long>> e : s.scanProbes.entrySet()) {
            o.putString(e.getKey());
            o.putInt(e.getValue().size());
            for (Map.Entry<Integer, Long> p : e.getValue().entrySet()) {
                o.putInt(p.getKey());
                o.putLong(p.getValue());
            }
        }
        o.putAll(s.open, Codec.Out::putInt);
        o.putMap(s.scanPorts, Codec.Out::putString, Codec.Out::putBytes);
        o.putLong(s.scanAttempts);
        o.putMap(s.sweepProbes, Codec.Out::putInt, (out, hosts) -> out.putMap(hosts, Codec.Out::putString, Codec.Out::putLong));
        o.putMap(s.sweepHosts, Codec.Out::putInt, (out, v) -> out.putAll(v, Codec.Out::putString));
        o.putMap(s.sweepCounts, Codec.Out::putInt, Codec.Out::putLong);
        o.putMap(s.authStarts, Codec.Out::putInt, (out, starts) -> out.putAll(starts, Codec.Out::putLong));
        o.putMap(s.authCounts, Codec.Out::putInt, Codec.Out::putLong);
        o.putMap(s.authVictims, Codec.Out::putInt, (out, v) -> out.putAll(v, Codec.Out::putString));
    }, (in, version) -> {
        SourceState s = new SourceState();
        for (int i = in.getInt(); i > 0; i--) {
            String victim = in.getString();
            Map<Integer, Long> ports = new HashMap<>();
            for (int j = in.getInt(); j > 0; j--) ports.put(in.getInt(), in.getLong());
            s.scanProbes.put(victim, ports);
        }
        in.getAll(s.open, Codec.In::getInt);
        in.getMap(s.scanPorts, Codec.In::getString, Codec.In::getBytes);
        s.scanAttempts = in.getLong();
        in.getMap(s.sweepProbes, Codec.In::getInt, i -> i.getMap(new HashMap<>(), Codec.In::getString, Codec.In::getLong));
        in.getMap(s.sweepHosts, Codec.In::getInt, i -> i.getAll(new TreeSet<>(), Codec.In::getString));
        in.getMap(s.sweepCounts, Codec.In::getInt, Codec.In::getLong);
        in.getMap(s.authStarts, Codec.In::getInt, i -> i.getAll(new ArrayList<>(), Codec.In::getLong));
        in.getMap(s.authCounts, Codec.In::getInt, Codec.In::getLong);
        in.getMap(s.authVictims, Codec.In::getInt, i -> i.getAll(new TreeSet<>(), Codec.In::getString));
        return s;
    });
}
