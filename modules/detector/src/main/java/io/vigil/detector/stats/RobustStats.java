package io.vigil.detector.stats;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Robust summaries of small samples (a beacon's intervals, its contact sizes, a host's last
 * hour of minutes), through Apache Commons Math's quantiles. Median and median absolute
 * deviation rather than mean and standard deviation, because one missed beat or one large
 * download must not hide a regular pattern; Bowley's quartile skewness rather than the
 * moment one, for the same reason.
 */
public final class RobustStats {

    /** Scales a MAD to a standard deviation for normal data (1 / Φ⁻¹(3/4)). */
    public static final double MAD_TO_SD = 1.4826;

    private RobustStats() {}

    /** Median, first and third quartiles, and the median absolute deviation of {@code x}. */
    public record Summary(double q1, double median, double q3, double mad, int n) {

        /** Bowley's skewness, (Q3 + Q1 − 2·median) / (Q3 − Q1), in [−1, 1]; 0 when the quartiles meet. */
        public double bowley() {
            double iqr = q3 - q1;
            return iqr <= 0 ? 0 : (q3 + q1 - 2 * median) / iqr;
        }

        /** MAD over median: 0 for perfect regularity; 0.125 for a uniform ±25% jitter. */
        public double dispersion() {
            return median <= 0 ? Double.POSITIVE_INFINITY : mad / median;
        }
    }

    public static Summary summarise(double[] x) {
        if (x.length == 0) return new Summary(0, 0, 0, 0, 0);
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(x);
        double median = p.evaluate(50);
        double q1 = p.evaluate(25), q3 = p.evaluate(75);
        double[] dev = new double[x.length];
        for (int i = 0; i < x.length; i++) dev[i] = Math.abs(x[i] - median);
        double mad = new Percentile().withEstimationType(Percentile.EstimationType.R_7).evaluate(dev, 50);
        return new Summary(q1, median, q3, mad, x.length);
    }
}
