package io.vigil.detector.scan;

import io.vigil.detector.codec.Codec;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What one source did recently. Before an alert each map holds at most a threshold's worth
 * of entries inside the window (so the state stays small whatever the attacker does); once
 * an episode is open, compact accumulators (port bitmaps, capped host sets) give the
 * evidence. Stored with {@link SourceCodecs#STATE} in the {@code source-state} store.
 */
public final class SourceState {

    static final int MAX_TRACKED = 256;

    /** port_scan: victim to (failed port to first probe start). */
    public Map<String, Map<Integer, Long>> scanProbes = new HashMap<>();
    /** Ports that answered a probe (open), before and during the episode. */
    public TreeSet<Integer> open = new TreeSet<>();
    /** port_scan episode: victim to bitmap of failed ports; failed attempts. */
    public Map<String, byte[]> scanPorts = new HashMap<>();
    public long scanAttempts;

    /** host_sweep: port to (victim to first probe start). */
    public Map<Integer, Map<String, Long>> sweepProbes = new HashMap<>();
    /** host_sweep episode: port to victims seen (capped), and how many in all. */
    public Map<Integer, TreeSet<String>> sweepHosts = new HashMap<>();
    public Map<Integer, Long> sweepCounts = new HashMap<>();

    /** brute_force: "port" to session start times inside the window (capped). */
    public Map<Integer, List<Long>> authStarts = new HashMap<>();
    /** brute_force episode: port to sessions and victims. */
    public Map<Integer, Long> authCounts = new HashMap<>();
    public Map<Integer, TreeSet<String>> authVictims = new HashMap<>();

    public boolean isEmpty() {
        return scanProbes.isEmpty() && scanPorts.isEmpty() && sweepProbes.isEmpty() && sweepHosts.isEmpty()
                && authStarts.isEmpty() && authCounts.isEmpty();
    }

    int distinctScanPorts() {
        int n = 0;
        for (byte[] b : scanPorts.values()) n += BitSet.valueOf(b).cardinality();
        return n;
    }

    void addScanPort(String victim, int port) {
        byte[] bits = scanPorts.get(victim);
        if (bits == null && scanPorts.size() >= 64) return;
        BitSet s = bits == null ? new BitSet() : BitSet.valueOf(bits);
        s.set(port);
        scanPorts.put(victim, s.toByteArray());
    }

    List<Integer> sampleScanPorts(int max) {
        TreeSet<Integer> all = new TreeSet<>();
        for (byte[] b : scanPorts.values()) {
            BitSet s = BitSet.valueOf(b);
            for (int i = s.nextSetBit(0); i >= 0 && all.size() < max; i = s.nextSetBit(i + 1)) all.add(i);
        }
        return new ArrayList<>(all);
    }

    /**
     * Drops the probe start times before {@code horizon} from each group (a target's ports, a
     * port's hosts, a service's attempts) and the groups left empty; true when anything went.
     */
    static <G> boolean forgetBefore(Map<?, G> groups, Function<G, Collection<Long>> starts,
            long horizon) {
        boolean changed = false;
        for (Iterator<G> it = groups.values().iterator(); it.hasNext(); ) {
            Collection<Long> c = starts.apply(it.next());
            changed |= c.removeIf(start -> start < horizon);
            if (c.isEmpty()) it.remove();
        }
        return changed;
    }

    /**
     * The binary form of {@link SourceState}: it is written on every probe and login a source
     * makes, and as JSON it was the largest cost of a scan (a scanner's state holds hundreds of
     * entries and a port bitmap).
     */
    public static final Codec<SourceState> CODEC = Codec.of(1, (SourceState s, Codec.Out o) -> {
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
