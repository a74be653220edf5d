package io.vigil.detector.baseline;

/**
 * Exponentially weighted mean and variance, robust to outliers: a sample further than
 * {@link #CLIP} spreads from the mean is clipped to that distance before it updates the
 * baseline, so an attack moves the baseline a little, not all the way (Huber-style).
 * Mutable; serialised as its fields.
 */
public final class Ewma {

    /** How many spreads a sample may pull the baseline; beyond is clipped. */
    public static final double CLIP = 3.0;

    public double mean;
    public double var;
    public long n;

    public Ewma() {}

    public Ewma(double mean, double var, long n) {
        this.mean = mean;
        this.var = var;
        this.n = n;
    }

    /**
     * Adds a sample with weight {@code alpha} (e.g. 2/(N+1) for an N-sample memory). The first
     * samples are averaged plainly so the baseline starts where the data is.
     */
    public void update(double x, double alpha) {
        if (n == 0) {
            mean = x;
            var = 0;
            n = 1;
            return;
        }
        double a = Math.max(alpha, 1.0 / (n + 1));
        double sd = spread();
        double clipped = x;
        if (n >= 10 && sd > 0) {
            double lo = mean - CLIP * sd, hi = mean + CLIP * sd;
            clipped = Math.max(lo, Math.min(hi, x));
        }
        double d = clipped - mean;
        mean += a * d;
        var = (1 - a) * (var + a * d * d);
        n++;
    }

    public double spread() {
        return Math.sqrt(Math.max(var, 0));
    }

    /**
     * How unusual {@code x} is, in spreads above the mean. The spread has a floor of
     * {@code minSpread} (and of 10% of the mean): a perfectly regular baseline must not turn
     * the first small wobble into an infinite score.
     */
    public double z(double x, double minSpread) {
        double s = Math.max(spread(), Math.max(minSpread, 0.1 * Math.abs(mean)));
        return (x - mean) / s;
    }
}
