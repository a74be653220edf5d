package io.vigil.collector.flow;

import io.vigil.model.FlowRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The rhythm inside one long connection: when each burst of packets began (after at least
 * {@link #GAP_NS} of silence on the flow) and what it carried. An implant that keeps one
 * HTTP keep-alive, WebSocket, TLS or QUIC connection open and checks in on a timer is one
 * flow; its check-ins are these bursts. The flow's first burst is its opening, which the
 * record's start already says. Per piece at most {@link FlowRecord#MAX_BURSTS} are listed
 * (the rest counted); a burst's bytes are those of the piece it began in. Made only for a
 * flow that has gone quiet once: 2 × 32 ints and a few counters, about 300 bytes.
 */
final class Bursts {

    /** Silence that ends a burst: longer than a request and its answer, shorter than any check-in period judged. */
    static final long GAP_NS = 1_000_000_000L;

    private final int[] at = new int[FlowRecord.MAX_BURSTS];
    private final int[] bytes = new int[FlowRecord.MAX_BURSTS];
    private int listed, count;
    /** Whether the burst in progress is listed in this piece (its bytes go there). */
    private boolean open;

    /** A burst begins {@code offsetMs} after the piece began. */
    void begin(long offsetMs, int ipLength) {
        count++;
        open = listed < at.length;
        if (!open) return;
        at[listed] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, offsetMs));
        bytes[listed++] = ipLength;
    }

    /** A packet of the burst in progress. */
    void add(int ipLength) {
        if (open) bytes[listed - 1] = (int) Math.min(Integer.MAX_VALUE, (long) bytes[listed - 1] + ipLength);
    }

    /** The piece's bursts; null when none began in it. */
    FlowRecord.Bursts facts() {
        if (count == 0) return null;
        List<Integer> a = new ArrayList<>(listed), b = new ArrayList<>(listed);
        for (int i = 0; i < listed; i++) {
            a.add(at[i]);
            b.add(bytes[i]);
        }
        return new FlowRecord.Bursts(count, a, b);
    }

    /** A new piece: the list starts again, and the burst in progress belongs to the old one. */
    void newPiece() {
        listed = count = 0;
        open = false;
    }
}
