package io.vigil.detector.host;

import io.vigil.detector.codec.Codec;
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

    /**
     * Its binary form in the store. A state written by an older version is read where its
     * layout allows; otherwise it starts afresh, which costs at most a minute's counters or a window.
     */
    public static final Codec<HostState> CODEC = Codec.of(2, (HostState s, Codec.Out o) -> {
        o.putLong(s.minute);
        o.putLong(s.upload);
        o.putLong(s.download);
        o.putLong(s.flowsOut);
        o.putLong(s.flowsIn);
        o.putMap(s.uploadPeers, Codec.Out::putString, Codec.Out::putLong);
        o.putLong(s.prevUpload9);
        o.putLong(s.prevUpload59);
        o.putLong(s.prevDownload9);
        o.putLong(s.prevDownload59);
        for (int h = 0; h < 3; h++) {
            o.putLong(s.uploadLimits[h]);
            o.putLong(s.sentBytes[h]);
            o.putLong(s.sentMinute[h]);
            o.putLong(s.activeSince[h]);
        }
        o.putLong(s.flowsLimit);
        o.putDouble(s.uploadMean);
        o.putDouble(s.uploadSpread);
        o.putDouble(s.flowsMean);
        o.putDouble(s.flowsSpread);
        o.putLong(s.baselineSamples);
        o.putLong(s.historyMinutes);
        o.putBoolean(s.seasonal);
        o.putLong(s.synWindow);
        o.putLong(s.synTotal);
        o.putLong(s.synIncomplete);
        o.putLong(s.synFirst);
        o.putMap(s.synPorts, Codec.Out::putInt, Codec.Out::putLong);
        o.putAll(s.newPeers, Codec.Out::putString);
        o.putAll(s.newDnsServers, Codec.Out::putString);
        o.putMap(s.dnsServers, Codec.Out::putString, Codec.Out::putInt);
    }, (in, version) -> {
        HostState s = new HostState();
        if (version < 2) return s; // a minute's counters: relearnt at once
        s.minute = in.getLong();
        s.upload = in.getLong();
        s.download = in.getLong();
        s.flowsOut = in.getLong();
        s.flowsIn = in.getLong();
        in.getMap(s.uploadPeers, Codec.In::getString, Codec.In::getLong);
        s.prevUpload9 = in.getLong();
        s.prevUpload59 = in.getLong();
        s.prevDownload9 = in.getLong();
        s.prevDownload59 = in.getLong();
        for (int h = 0; h < 3; h++) {
            s.uploadLimits[h] = in.getLong();
            s.sentBytes[h] = in.getLong();
            s.sentMinute[h] = in.getLong();
            s.activeSince[h] = in.getLong();
        }
        s.flowsLimit = in.getLong();
        s.uploadMean = in.getDouble();
        s.uploadSpread = in.getDouble();
        s.flowsMean = in.getDouble();
        s.flowsSpread = in.getDouble();
        s.baselineSamples = in.getLong();
        s.historyMinutes = in.getLong();
        s.seasonal = in.getBoolean();
        s.synWindow = in.getLong();
        s.synTotal = in.getLong();
        s.synIncomplete = in.getLong();
        s.synFirst = in.getLong();
        in.getMap(s.synPorts, Codec.In::getInt, Codec.In::getLong);
        in.getAll(s.newPeers, Codec.In::getString);
        in.getAll(s.newDnsServers, Codec.In::getString);
        in.getMap(s.dnsServers, Codec.In::getString, Codec.In::getInt);
        return s;
    });
}
