package io.vigil.detector.scan;

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
}
