package io.vigil.detector.scan;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Everything known about one probing source. Before an alert: per victim, the failed ports
 * inside the window with the start of their first probe (never more than the threshold, so
 * the state stays small). After: the episode, with a port bitmap per victim (8 KB at most
 * per victim, bounded to {@link #MAX_VICTIMS} victims).
 */
public final class ScanState {

    static final int MAX_VICTIMS = 64;
    static final int MAX_OPEN = 32;

    /** Victim address to (port to start of first failed probe, epoch ms). */
    public Map<String, Map<Integer, Long>> probes = new HashMap<>();
    /** Ports that answered a probe before the alert was raised, carried into the episode. */
    public TreeSet<Integer> openSeen = new TreeSet<>();
    public Episode episode;

    /** A scan in progress or recently ended. */
    public static final class Episode {
        public String id;
        public String site;
        public String source;
        public String direction;
        public long firstSeen;
        public long lastSeen;
        public long raisedAt;
        public long detectedAt;
        public long attempts;
        public long failed;
        public boolean ended;
        /** Distinct ports at the last emitted update, to rate-limit updates. */
        public int emittedPorts;
        public int victimCount;
        public Map<String, byte[]> ports = new HashMap<>();
        public TreeSet<Integer> open = new TreeSet<>();

        int distinctPorts() {
            int n = 0;
            for (byte[] b : ports.values()) n += BitSet.valueOf(b).cardinality();
            return n;
        }

        List<String> targets() {
            return new ArrayList<>(new TreeSet<>(ports.keySet()));
        }

        void addPort(String victim, int port) {
            byte[] bits = ports.get(victim);
            if (bits == null) {
                if (ports.size() >= MAX_VICTIMS) return;
                victimCount++;
                bits = new byte[0];
            }
            BitSet set = BitSet.valueOf(bits);
            set.set(port);
            ports.put(victim, set.toByteArray());
        }

        List<Integer> samplePorts(int max) {
            TreeSet<Integer> all = new TreeSet<>();
            for (byte[] b : ports.values()) {
                BitSet s = BitSet.valueOf(b);
                for (int i = s.nextSetBit(0); i >= 0 && all.size() < max; i = s.nextSetBit(i + 1)) all.add(i);
            }
            return new ArrayList<>(all);
        }
    }
}
