package io.vigil.collector.flow;

import io.vigil.model.FlowRecord;
import java.util.Arrays;

/**
 * What an ICMP echo flow does that ping does not: ping's replies return each request's data
 * unchanged (RFC 792), one reply per request, and ping sends one size and one pattern. A
 * tunnel answers with data of its own, answers more often than it was asked, and sends
 * changing data (either way). The last {@link #SLOTS} requests are remembered by sequence number (a
 * reply that comes later than that many requests counts as unpaired); the counters are per
 * flow piece, the memory of requests is not, so a reply that crosses a piece's end still
 * pairs. About 750 bytes (three small arrays), and only on echo flows.
 */
final class EchoPairs {

    static final int SLOTS = 32;
    /** Where ping puts its clock: data past it is a fixed pattern. */
    private static final int CLOCK_BYTES = 16;
    private static final long NONE = Long.MIN_VALUE;

    private final int[] seqs = new int[SLOTS];
    private final long[] hashes = new long[SLOTS];
    private final int[] sizes = new int[FlowRecord.MAX_ICMP_SIZES];
    private int sizeCount, unpaired, mismatched, changed;
    private long lastRequestTail = NONE, lastReplyTail = NONE;

    EchoPairs() {
        Arrays.fill(seqs, -1);
    }

    /** A request: remembered for its reply, its size and whether its data changed counted. */
    void request(int seq, int ipLength, byte[] b, int off, int len) {
        size(ipLength);
        int slot = seq & (SLOTS - 1);
        seqs[slot] = seq;
        hashes[slot] = hash(ipLength, b, off, len, 0);
        lastRequestTail = changed(lastRequestTail, b, off, len);
    }

    /** Counts data that differs, past ping's clock, from the message before in the same direction; returns its hash. */
    private long changed(long last, byte[] b, int off, int len) {
        if (len <= CLOCK_BYTES) return last;
        long tail = hash(0, b, off, len, CLOCK_BYTES);
        if (last != NONE && tail != last) changed++;
        return tail;
    }

    /** A reply: paired with its request by sequence number and compared with it. */
    void reply(int seq, int ipLength, byte[] b, int off, int len) {
        size(ipLength);
        lastReplyTail = changed(lastReplyTail, b, off, len);
        int slot = seq & (SLOTS - 1);
        if (seqs[slot] != seq) {
            unpaired++;
        } else if (hashes[slot] != hash(ipLength, b, off, len, 0)) {
            mismatched++;
        }
    }

    private void size(int ipLength) {
        if (sizeCount == sizes.length) return;
        for (int i = 0; i < sizeCount; i++) {
            if (sizes[i] == ipLength) return;
        }
        sizes[sizeCount++] = ipLength;
    }

    /** The current piece's facts. */
    FlowRecord.IcmpFacts facts() {
        return new FlowRecord.IcmpFacts(sizeCount, unpaired, mismatched, changed);
    }

    /** A new piece: the counters start again; the requests awaiting replies are kept. */
    void newPiece() {
        sizeCount = unpaired = mismatched = changed = 0;
    }

    /** FNV-1a over the size and the captured data from {@code skip} on. */
    private static long hash(int ipLength, byte[] b, int off, int len, int skip) {
        long h = 0xcbf29ce484222325L ^ ipLength;
        for (int i = off + skip; i < off + len; i++) {
            h ^= b[i] & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
