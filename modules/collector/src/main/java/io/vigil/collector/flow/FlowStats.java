package io.vigil.collector.flow;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the flow table, read by metrics and heartbeats from other threads. */
public final class FlowStats {
    public final AtomicLong packets = new AtomicLong();
    public final AtomicLong bytes = new AtomicLong();
    public final AtomicLong flowsCreated = new AtomicLong();
    public final AtomicLong recordsExported = new AtomicLong();
    public final AtomicLong evicted = new AtomicLong();
    public final AtomicLong active = new AtomicLong();
}
