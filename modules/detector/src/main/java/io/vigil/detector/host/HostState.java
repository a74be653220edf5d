package io.vigil.detector.host;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hot, per-flow state of one internal host: this minute's counters, the limits the
 * baselines set for this minute on each exfiltration horizon (so a crossing is seen on the
 * flow that crosses, not at the end of the minute), the current SYN window, and the outside
 * peers first contacted this minute (sent to the peer stage when the minute closes). What is
 * large or rarely needed lives in the other stores, read only by the flows that need it.
 */
public final class HostState {

    /** Start of the current minute (event time, ms); 0 before the first flow. */
    public long minute;
    /** Bytes the host sent (and received) on connections it opened to the outside, this minute. */
    public long upload;
    public long download;
    /** Connections the host opened, and connections opened to it, this minute. */
    public long flowsOut;
    public long flowsIn;
    /** Upload per outside peer this minute (the top ones kept), for the evidence. */
    public Map<String, Long> uploadPeers = new HashMap<>();
    /** Upload and download of the previous 9 and 59 closed minutes: the 10-minute and hour horizons. */
    public long prevUpload9, prevUpload59, prevDownload9, prevDownload59;
    /** The first minute of the 10-minute and hour horizons that sent more than usual: where a slow theft began. */
    public long[] activeSince = new long[3];
    /** Limits for this minute from the baselines, per horizon (1, 10, 60 minutes); Long.MAX_VALUE: none yet. */
    public long[] uploadLimits = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
    public long flowsLimit = Long.MAX_VALUE;
    public double uploadMean, uploadSpread, flowsMean, flowsSpread;
    public long baselineSamples;
    /** Minutes of history behind the baseline as a whole (the seasonal bucket may hold fewer). */
    public long historyMinutes;
    public boolean seasonal;
    /** Per horizon: the horizon's upload when a candidate was last sent, and in which minute. */
    public long[] sentBytes = new long[3];
    public long[] sentMinute = new long[3];

    /** SYN flood: the current window (start ms), attempts and incomplete ones, their ports. */
    public long synWindow;
    public long synTotal;
    public long synIncomplete;
    public long synFirst;
    public Map<Integer, Long> synPorts = new HashMap<>();

    /** Outside peers first contacted (today) since the minute began, for the site's prevalence. */
    public List<String> newPeers = new ArrayList<>();
    /** Outside DNS servers first asked (today) since the minute began; the servers asked today (to epoch day). */
    public List<String> newDnsServers = new ArrayList<>();
    public Map<String, Integer> dnsServers = new HashMap<>();

    /** Peers a minute may report; beyond, a contact is reported by the host's next flow to it. */
    public static final int MAX_NEW_PEERS = 64;
}
