package io.vigil.detector.baseline;

import io.vigil.detector.codec.Codec;



/** Binary form of baselines: an EWMA is (mean, variance, samples); a seasonal profile is 168 of them. */
public final class BaselineCodec {

    private BaselineCodec() {}

    public static void write(Ewma e, Codec.Out out) {
        out.putDouble(e.mean);
        out.putDouble(e.var);
        out.putLong(e.n);
    }

    public static Ewma readEwma(Codec.In in) {
        return new Ewma(in.getDouble(), in.getDouble(), in.getLong());
    }

    public static void write(HostBaseline b, Codec.Out out) {
        write(b.overall, out);
        out.putBoolean(b.hours != null);
        if (b.hours != null) {
            for (Ewma e : b.hours) write(e, out);
        }
    }

    public static HostBaseline readBaseline(Codec.In in) {
        HostBaseline b = new HostBaseline();
        b.overall = readEwma(in);
        if (in.getBoolean()) {
            b.hours = new Ewma[168];
            for (int i = 0; i < 168; i++) b.hours[i] = readEwma(in);
        }
        return b;
    }
}
