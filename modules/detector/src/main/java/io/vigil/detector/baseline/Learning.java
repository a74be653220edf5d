package io.vigil.detector.baseline;

import io.vigil.detector.spi.Thresholds;
import io.vigil.runtime.config.Checks;
import io.vigil.runtime.config.Setting;

/**
 * How baselines learn: EWMA memory of about a day of minutes, warm-up of 60 samples before
 * a baseline is trusted, and an hour-of-week bucket used once it has {@code seasonalWeeks}
 * (2) weeks of that hour behind it: a bucket filled by the hour in progress would learn the
 * attack it should judge.
 */
public record Learning(int memoryMinutes, int warmup, int seasonalWeeks) {

    static final Thresholds.Key<Learning, Integer> MEMORY = Thresholds.key(Setting.number("memory-minutes", 1440,
            "how far back a baseline remembers (the EWMA's horizon)").check(Checks.atLeast(10)), Learning::memoryMinutes);
    static final Thresholds.Key<Learning, Integer> WARMUP = Thresholds.key(Setting.number("warmup", 60,
            "minutes of history before a baseline is trusted").check(Checks.notNegative()), Learning::warmup);
    static final Thresholds.Key<Learning, Integer> SEASONAL = Thresholds.key(Setting.number("seasonal-weeks", 2,
            "weeks of an hour of the week before its own baseline is used").check(Checks.atLeast(1)),
            Learning::seasonalWeeks);
    public static final Thresholds.Group<Learning> THRESHOLDS = Thresholds.Group.of("learning",
            v -> new Learning(v.get(MEMORY), v.get(WARMUP), v.get(SEASONAL)), MEMORY, WARMUP, SEASONAL);

    public double alpha() {
        return 2.0 / (memoryMinutes + 1);
    }

    /** Samples a bucket needs: a sample a minute, sixty an hour, one hour a week. */
    public long seasonalMin() {
        return seasonalWeeks * 60L;
    }
}
