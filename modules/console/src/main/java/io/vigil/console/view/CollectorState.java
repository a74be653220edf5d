package io.vigil.console.view;

import java.time.Instant;

/**
 * A collector as it was at one moment, from its heartbeats: when it was last heard, its packet
 * rate then (NaN with a single heartbeat to go on), packets it dropped, flows waiting in its
 * spool, and frames it could not read.
 */
public record CollectorState(String collector, String site, Instant heardAt, double packetsPerSecond, long drops,
                             long spoolDepth, long malformed) {}
