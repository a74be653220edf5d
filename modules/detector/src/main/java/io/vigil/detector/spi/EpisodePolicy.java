package io.vigil.detector.spi;

import io.vigil.model.Alert;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How long one type's episodes last: how long an open one may be quiet before it ends, and how
 * long after its end renewed activity reopens it. Most types take the site's
 * {@link EpisodeTimes}; a type whose evidence arrives slowly (a beacon every few hours) or whose
 * condition is a standing fact (a server still speaking TLS 1.0) keeps its own, declared with
 * its detector in {@code Detectors}.
 */
public record EpisodePolicy(BiFunction<Alert, Thresholds, Duration> quiet, Function<Thresholds, Duration> suppress) {

    /** The site's episode times. */
    public static final EpisodePolicy DEFAULT = new EpisodePolicy((a, t) -> t.get(EpisodeTimes.THRESHOLDS).quiet(),
            t -> t.get(EpisodeTimes.THRESHOLDS).suppress());

    /** The site's times, with a quiet time of this type's own. */
    public static EpisodePolicy quiet(BiFunction<Alert, Thresholds, Duration> quiet) {
        return new EpisodePolicy(quiet, DEFAULT.suppress);
    }

    /** The same policy with a suppression time of this type's own. */
    public EpisodePolicy suppress(Function<Thresholds, Duration> own) {
        return new EpisodePolicy(quiet, own);
    }

    /** The longer of two durations: a type's floor over what the site says. */
    public static Duration atLeast(Duration floor, Duration site) {
        return site.compareTo(floor) > 0 ? site : floor;
    }
}
