package io.vigil.detector.baseline;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The learned normal of one metric of one entity (a host's outbound bytes per minute, its
 * new connections per minute...): an overall robust EWMA, and once enough history exists a
 * seasonal profile, one EWMA per hour of the week (168), because a clinic at 03:00 on a
 * Sunday is not a clinic at 10:00 on a Monday.
 *
 * <p>Warm-up is explicit: {@link #trusted()} is false until {@code warmup} samples have been
 * seen; detectors then rely on absolute floors only. The seasonal bucket is used once it
 * holds {@code seasonalMin} samples of its own (weeks of that hour, not minutes of the hour in
 * progress: {@link Learning}).
 */
public final class HostBaseline {

    public Ewma overall = new Ewma();
    public Ewma[] hours;

    /** What a detector compares against: centre, spread and how many samples it rests on. */
    public record Expectation(double mean, double spread, long samples, boolean seasonal) {}

    public void update(double x, long eventMs, double alpha, boolean seasonal) {
        overall.update(x, alpha);
        if (seasonal) {
            if (hours == null) {
                hours = new Ewma[168];
                for (int i = 0; i < 168; i++) hours[i] = new Ewma();
            }
            // Each hour-of-week bucket sees one sample a minute for an hour a week: a longer memory.
            hours[hourOfWeek(eventMs)].update(x, alpha);
        }
    }

    public boolean trusted(long warmup) {
        return overall.n >= warmup;
    }

    /** The seasonal bucket when it has {@code seasonalMin} samples, the overall baseline otherwise. */
    public Expectation expect(long eventMs, long seasonalMin) {
        return expect(hours == null ? null : hours[hourOfWeek(eventMs)], seasonalMin);
    }

    /**
     * As {@link #expect(long, long)} with the hour's bucket kept elsewhere (a host's are records
     * of their own); {@code hour} may be null.
     */
    public Expectation expect(Ewma hour, long seasonalMin) {
        if (hour != null && hour.n >= seasonalMin) return new Expectation(hour.mean, hour.spread(), hour.n, true);
        return new Expectation(overall.mean, overall.spread(), overall.n, false);
    }

    public double z(double x, long eventMs, long seasonalMin, double minSpread) {
        if (hours != null) {
            Ewma h = hours[hourOfWeek(eventMs)];
            if (h.n >= seasonalMin) return h.z(x, minSpread);
        }
        return overall.z(x, minSpread);
    }

    public static int hourOfWeek(long eventMs) {
        ZonedDateTime t = Instant.ofEpochMilli(eventMs).atZone(ZoneOffset.UTC);
        return (t.getDayOfWeek().getValue() - 1) * 24 + t.getHour();
    }
}
