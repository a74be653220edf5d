package io.vigil.runtime;

/** Percentiles as every Vigil figure states them: nearest rank over sorted values. */
public final class Percentiles {

    private Percentiles() {}

    /** The {@code q} (0..1) nearest-rank percentile of {@code sorted}, which must not be empty. */
    public static long nearestRank(long[] sorted, double q) {
        if (sorted.length == 0) throw new IllegalArgumentException("no values");
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
