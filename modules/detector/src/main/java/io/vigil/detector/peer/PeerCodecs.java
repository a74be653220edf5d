package io.vigil.detector.peer;

import io.vigil.detector.internal.Codec;

/** Binary codec of the peer stage's prevalence state. */
public final class PeerCodecs {

    private PeerCodecs() {}

    public static final Codec<Seen> SEEN = new Codec<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(Seen s, Codec.Out o) {
            o.putLong(s.first);
            o.putInt(s.pruned);
            o.putInt(s.hosts.size());
            s.hosts.forEach((host, day) -> {
                o.putInt(host);
                o.putInt(day);
            });
        }

        @Override
        public Seen read(Codec.In in, int version) {
            Seen s = new Seen();
            s.first = in.getLong();
            s.pruned = in.getInt();
            for (int i = in.getInt(); i > 0; i--) s.hosts.put(in.getInt(), in.getInt());
            return s;
        }
    };
}
