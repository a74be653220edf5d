package io.vigil.detector.host;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hot, per-flow state of one internal host: this minute's counters, the limits the
 * baselines set for this minute (so a crossing is seen on the flow that crosses, not at the
 * end of the minute), the current SYN window and the current DNS window. The baselines
 * themselves live in another store, read and written once a minute.
 */
public final class HostState {

    /** Start of the current minute (event time, ms); 0 before the first flow. */
    public long minute;
    /** Bytes the host sent on connections it opened to the outside, this minute. */
    public long upload;
    /** Connections the host opened, and connections opened to it, this minute. */
    public long flowsOut;
    public long flowsIn;
    /** Upload per outside peer this minute (top ones kept), for the evidence. */
    public Map<String, Long> uploadPeers = new HashMap<>();
    /** Limits for this minute from the baselines (Long.MAX_VALUE: none yet). */
    public long uploadLimit = Long.MAX_VALUE;
    public long flowsLimit = Long.MAX_VALUE;
    public double uploadMean, uploadSpread, flowsMean, flowsSpread;
    public long baselineSamples;
    /** Minutes of history behind the baseline as a whole (the seasonal bucket may hold fewer). */
    public long historyMinutes;
    public boolean seasonal;

    /** SYN flood: the current window (start ms), attempts and incomplete ones, ports and sources. */
    public long synWindow;
    public long synTotal;
    public long synIncomplete;
    public long synFirst;
    public Map<Integer, Long> synPorts = new HashMap<>();
    public Set<String> synSources = new HashSet<>();
    public long synSourceCount;

    /** DNS: the current window (start ms) and per registered domain what was asked. */
    public long dnsWindow;
    public Map<String, DomainStat> domains = new HashMap<>();

    /** What one host asked of one registered domain in the current DNS window. */
    public static final class DomainStat {
        public Set<Integer> names = new HashSet<>();
        public long queries;
        public double sumLength;
        public double sumEntropy;
        public long first;
        public List<String> samples = new ArrayList<>();
    }
}
