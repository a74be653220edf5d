package io.vigil.detector.host;

import io.vigil.detector.baseline.BaselineCodec;
import io.vigil.detector.baseline.HostBaseline;
import io.vigil.detector.codec.Codec;
import io.vigil.detector.stats.RobustStats;

/**
 * A host's baselines, stored apart from the hot state because they are read once a minute:
 * its upload and its new connections a minute (overall EWMAs; the hour of the week's are
 * {@link HostSeasons}' records), and its last hour minute by minute, which gives the 10-minute and hour horizons their exact sums and the
 * spread a robust floor (the MAD of the last hour: a baseline learnt over a quiet day must
 * not make a busy hour's ordinary minutes look like theft).
 */
public final class HostBaselines {

    public static final int RING = 60;

    public HostBaseline upload = new HostBaseline();
    public HostBaseline flows = new HostBaseline();
    /** Upload and download of the last {@link #RING} closed minutes; slot of minute m is m mod RING. */
    public long[] ringUpload = new long[RING];
    public long[] ringDownload = new long[RING];
    /** The newest minute in the ring (epoch minutes); 0 when empty. */
    public long ringLast;

    /** Records a closed minute (epoch minutes), zeroing the minutes skipped since the last. */
    public void push(long epochMinute, long up, long down) {
        if (ringLast != 0) {
            for (long m = ringLast + 1; m < epochMinute && m <= ringLast + RING; m++) {
                ringUpload[(int) (m % RING)] = 0;
                ringDownload[(int) (m % RING)] = 0;
            }
        }
        int slot = (int) (epochMinute % RING);
        ringUpload[slot] = up;
        ringDownload[slot] = down;
        ringLast = Math.max(ringLast, epochMinute);
    }

    /** Sum of the {@code n} closed minutes before {@code epochMinute} (the current, open minute). */
    public long sum(long[] ring, long epochMinute, int n) {
        long s = 0;
        for (long m = epochMinute - n; m < epochMinute; m++) {
            if (m > ringLast || m <= ringLast - RING) continue;
            s += ring[(int) (m % RING)];
        }
        return s;
    }

    /** The first of the {@code n} closed minutes before {@code epochMinute} that sent more than {@code above}; 0 if none. */
    public long firstAbove(long epochMinute, int n, double above) {
        for (long m = epochMinute - n; m < epochMinute; m++) {
            if (m > ringLast || m <= ringLast - RING) continue;
            if (ringUpload[(int) (m % RING)] > above) return m * 60_000;
        }
        return 0;
    }

    /** A robust spread of the last hour's uploads: 1.4826 × their median absolute deviation. */
    public double recentSpread(long epochMinute) {
        double[] x = new double[RING];
        int n = 0;
        for (long m = epochMinute - RING; m < epochMinute; m++) {
            x[n++] = m > ringLast || m <= ringLast - RING ? 0 : ringUpload[(int) (m % RING)];
        }
        return RobustStats.MAD_TO_SD * RobustStats.summarise(x).mad();
    }

    /**
     * Its binary form in the store. A state written by an older version is read where its
     * layout allows; otherwise it starts afresh, which costs at most a minute's counters or a window.
     */
    public static final Codec<HostBaselines> CODEC = Codec.of(2, (HostBaselines b, Codec.Out o) -> {
        BaselineCodec.write(b.upload, o);
        BaselineCodec.write(b.flows, o);
        o.putLong(b.ringLast);
        for (int i = 0; i < HostBaselines.RING; i++) {
            o.putLong(b.ringUpload[i]);
            o.putLong(b.ringDownload[i]);
        }
    }, (in, version) -> {
        HostBaselines b = new HostBaselines();
        b.upload = BaselineCodec.readBaseline(in);
        b.flows = BaselineCodec.readBaseline(in);
        if (version < 2) return b; // the last hour fills again
        b.ringLast = in.getLong();
        for (int i = 0; i < HostBaselines.RING; i++) {
            b.ringUpload[i] = in.getLong();
            b.ringDownload[i] = in.getLong();
        }
        return b;
    });
}
