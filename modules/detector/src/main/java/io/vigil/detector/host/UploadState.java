package io.vigil.detector.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outside peers one host sent bulk to in the last hour, minute by minute (sent and
 * received), so a large upload to one peer is seen as such: the novelty check of
 * {@code exfiltration} needs the bytes per destination, not per host. Only flow pieces that
 * carried {@link UploadCandidates#BULK} or more touch it; {@link #MAX_PEERS} peers at most.
 */
public final class UploadState {

    static final int MAX_PEERS = 8;

    public Map<String, Peer> peers = new LinkedHashMap<>();

    /** One peer: minute buckets {epoch minute, sent, received}, oldest first; when it was last reported. */
    public static final class Peer {
        public List<long[]> minutes = new ArrayList<>();
        public long sentBytes;
        public long sentMinute;
        public long first;

        long sent(long epochMinute, int span) {
            long s = 0;
            for (long[] m : minutes) if (m[0] > epochMinute - span) s += m[1];
            return s;
        }

        long received(long epochMinute, int span) {
            long s = 0;
            for (long[] m : minutes) if (m[0] > epochMinute - span) s += m[2];
            return s;
        }
    }
}
