package io.vigil.collector;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of frames that did not become flow packets, so none vanishes unnoticed. */
public final class CaptureStats {
    public final AtomicLong frames = new AtomicLong();
    public final AtomicLong malformed = new AtomicLong();
    public final AtomicLong notIp = new AtomicLong();
}
