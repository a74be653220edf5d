package io.vigil.detector.host;

import io.vigil.detector.codec.Codec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The incomplete connection attempts one host received, over a whole flood and not just a
 * window: how many, from about how many sources (a HyperLogLog sketch, since a spoofed flood
 * has tens of thousands), on which ports, and the busiest second. Reset after ten quiet
 * minutes. Stored in {@code host-floods}, read only by incomplete attempts.
 */
public final class FloodState {

    public long first;
    public long lastSeen;
    public long incomplete;
    public byte[] sources;
    public List<String> sampleSources = new ArrayList<>();
    public Map<Integer, Long> ports = new HashMap<>();
    public long second;
    public long secondCount;
    public long peakPerSecond;
    /** The episode's incomplete count when the episode was last told. */
    public long observed;
    public long toldAt;

    /**
     * Its binary form in the store. A state written by an older version is read where its
     * layout allows; otherwise it starts afresh, which costs at most a minute's counters or a window.
     */
    static final Codec<FloodState> CODEC = Codec.of(1, (FloodState f, Codec.Out o) -> {
        o.putLong(f.first);
        o.putLong(f.lastSeen);
        o.putLong(f.incomplete);
        o.putBytes(f.sources == null ? new byte[0] : f.sources);
        o.putAll(f.sampleSources, Codec.Out::putString);
        o.putMap(f.ports, Codec.Out::putInt, Codec.Out::putLong);
        o.putLong(f.second);
        o.putLong(f.secondCount);
        o.putLong(f.peakPerSecond);
        o.putLong(f.observed);
        o.putLong(f.toldAt);
    }, (in, version) -> {
        FloodState f = new FloodState();
        f.first = in.getLong();
        f.lastSeen = in.getLong();
        f.incomplete = in.getLong();
        byte[] sources = in.getBytes();
        f.sources = sources.length == 0 ? null : sources;
        in.getAll(f.sampleSources, Codec.In::getString);
        in.getMap(f.ports, Codec.In::getInt, Codec.In::getLong);
        f.second = in.getLong();
        f.secondCount = in.getLong();
        f.peakPerSecond = in.getLong();
        f.observed = in.getLong();
        f.toldAt = in.getLong();
        return f;
    });
}
