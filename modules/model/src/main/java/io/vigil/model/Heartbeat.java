package io.vigil.model;

import java.util.List;

/**
 * A collector's liveness and counters, sent to {@code vigil.heartbeats.v1} keyed by collector
 * id every few seconds. {@code ts} is event time (the newest packet seen, or the wall clock
 * while the link is quiet) so the detector's clock moves even without traffic.
 */
public record Heartbeat(
        int v,
        String collector,
        String site,
        long ts,
        long wallTime,
        long packets,
        long bytes,
        long drops,
        long flows,
        long activeFlows,
        long spoolDepth,
        long malformed) {

    public static final int VERSION = 1;

    public List<String> problems() {
        if (collector == null || collector.isBlank()) return List.of("collector is missing");
        if (site == null || site.isBlank()) return List.of("site is missing");
        return List.of();
    }
}
