package io.vigil.detector.host;

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
}
