package io.vigil.collector.evidence;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.collector.CollectorConfig;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.capture.PacketListener;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The packet ring in the capture path: every frame goes to the flow table and to the ring.
 * The ring's troubles never reach the flow table (it says them in {@link #unavailable()}, which
 * makes the collector's health DEGRADED, and counts them).
 */
public final class EvidenceTap implements AutoCloseable {

    private final PacketRing ring;

    private EvidenceTap(PacketRing ring) {
        this.ring = ring;
    }

    /** The tap for {@code e}, or null when the ring is off. */
    public static EvidenceTap open(CollectorConfig.Evidence e) {
        if (e == null || !e.on()) return null;
        try {
            return new EvidenceTap(new PacketRing(new PacketRing.Settings(e.dir(), e.maxBytes(), e.maxAge(), e.snaplen())));
        } catch (IOException ex) {
            throw new UncheckedIOException("evidence.dir: cannot use " + e.dir() + " for the packet ring", ex);
        }
    }

    /** A listener that hands each frame to {@code flows} first, then to the ring. */
    public PacketListener tee(PacketListener flows) {
        return tee(flows, ring);
    }

    /** {@code flows} first, then {@code ring}, for every frame. */
    public static PacketListener tee(PacketListener flows, PacketRing ring) {
        return new PacketListener() {
            @Override
            public void begin(String source, int linkType) throws CaptureInputException {
                flows.begin(source, linkType);
                ring.begin(source, linkType);
            }

            @Override
            public void packet(long tsNanos, byte[] buf, int offset, int caplen, int origLen) {
                flows.packet(tsNanos, buf, offset, caplen, origLen);
                ring.packet(tsNanos, buf, offset, caplen, origLen);
            }

            @Override
            public boolean stopRequested() {
                return flows.stopRequested();
            }
        };
    }

    public PacketRing ring() {
        return ring;
    }

    /** Null while the ring writes; otherwise why not. */
    public String unavailable() {
        return ring.unavailable();
    }

    public void bindMetrics(MeterRegistry r) {
        String p = "vigil.collector.evidence.";
        FunctionCounter.builder(p + "packets", ring, PacketRing::packets).description("packets written to the ring").register(r);
        FunctionCounter.builder(p + "bytes", ring, PacketRing::bytesWritten).baseUnit("bytes").description("bytes written to the ring").register(r);
        FunctionCounter.builder(p + "segments.deleted", ring, PacketRing::segmentsDeleted).description("ring segments deleted at its size or age").register(r);
        FunctionCounter.builder(p + "dropped.bytes", ring, PacketRing::droppedBytes).baseUnit("bytes")
                .description("whole records the ring let go because the disk was behind").register(r);
        FunctionCounter.builder(p + "failures", ring, PacketRing::failures).description("ring writes that failed (disk full, not writable)").register(r);
        Gauge.builder(p + "ring.bytes", ring, PacketRing::size).baseUnit("bytes").description("bytes the ring holds").register(r);
        Gauge.builder(p + "unavailable", ring, x -> x.unavailable() == null ? 0 : 1).description("1 while the ring cannot write").register(r);
    }

    @Override
    public void close() {
        ring.close();
    }
}
