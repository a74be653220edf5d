package io.vigil.detector.peer;

import io.vigil.detector.codec.Codec;


/** Binary codec of the peer stage's prevalence state. */
public final class PeerCodecs {

    private PeerCodecs() {}

    public static final Codec<Seen> SEEN = Codec.of(1, (Seen s, Codec.Out o) -> {
        o.putLong(s.first);
        o.putInt(s.pruned);
        o.putInt(s.hosts.size());
        s.hosts.forEach((host, day) -> {
            o.putInt(host);
            o.putInt(day);
        });
    }, (in, version) -> {
        Seen s = new Seen();
        s.first = in.getLong();
        s.pruned = in.getInt();
        for (int i = in.getInt(); i > 0; i--) s.hosts.put(in.getInt(), in.getInt());
        return s;
    });
}
