package io.vigil.detector.host;

import io.vigil.detector.codec.Codec;
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

    /**
     * Its binary form in the store. A state written by an older version is read where its
     * layout allows; otherwise it starts afresh, which costs at most a minute's counters or a window.
     */
    static final Codec<UploadState> CODEC = Codec.of(1, (UploadState u, Codec.Out o) -> {
        o.putInt(u.peers.size());
        u.peers.forEach((peer, p) -> {
            o.putString(peer);
            o.putLong(p.first);
            o.putLong(p.sentBytes);
            o.putLong(p.sentMinute);
            o.putInt(p.minutes.size());
            for (long[] m : p.minutes) {
                o.putLong(m[0]);
                o.putLong(m[1]);
                o.putLong(m[2]);
            }
        });
    }, (in, version) -> {
        UploadState u = new UploadState();
        for (int i = in.getInt(); i > 0; i--) {
            String peer = in.getString();
            UploadState.Peer p = new UploadState.Peer();
            p.first = in.getLong();
            p.sentBytes = in.getLong();
            p.sentMinute = in.getLong();
            for (int j = in.getInt(); j > 0; j--) p.minutes.add(new long[] {in.getLong(), in.getLong(), in.getLong()});
            u.peers.put(peer, p);
        }
        return u;
    });
}
