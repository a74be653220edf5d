package io.vigil.detector.spi;

import io.vigil.runtime.config.Checks;
import io.vigil.runtime.config.Setting;
import java.time.Duration;

/**
 * When an alert's episode ends and when it comes back as the same alert: it ends after
 * {@code quiet} without new evidence (event time); renewed activity within {@code suppress}
 * after its end reopens it instead of paging again. A type may keep its own rule
 * ({@link EpisodePolicy}); these are the site's general times.
 */
public record EpisodeTimes(Duration quiet, Duration suppress) {

    static final Thresholds.Key<EpisodeTimes, Duration> QUIET = Thresholds.key(Setting.duration("quiet",
            Duration.ofMinutes(10), "an alert ends after this long without its activity")
            .check(Checks.longerThanZero()), EpisodeTimes::quiet);
    static final Thresholds.Key<EpisodeTimes, Duration> SUPPRESS = Thresholds.key(Setting.duration("suppress",
            Duration.ofHours(1), "an alert that returns within this is reopened, not raised again")
            .check(Checks.notNegativeTime()), EpisodeTimes::suppress);

    public static final Thresholds.Group<EpisodeTimes> THRESHOLDS = Thresholds.Group.of("episodes",
            v -> new EpisodeTimes(v.get(QUIET), v.get(SUPPRESS)), QUIET, SUPPRESS);
}
