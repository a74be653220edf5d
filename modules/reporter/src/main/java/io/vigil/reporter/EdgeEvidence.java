package io.vigil.reporter;

import io.vigil.model.Heartbeat;
import io.vigil.model.SiteTraffic;
import io.vigil.model.WeeklySummary;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The week's evidence for the Internet First standards, from what the detector and the
 * collectors wrote: peaks against the provisioned link, collector uptime from heartbeats, and
 * the TLS scorecard from the edge's connections.
 */
public final class EdgeEvidence {

    /** Heartbeats further apart than this are a silent period (ten of the default 10 s interval, and more than the detector's limit). */
    public static final Duration SILENCE = Duration.ofMinutes(2);

    private EdgeEvidence() {}

    /**
     * @param beats   the site's collectors' heartbeats, or null when none were read (offline)
     * @param watched the end of what could have been watched: the week's end, or now for the current week
     */
    public static WeeklySummary.Evidence build(String site, Instant from, Instant to, Instant watched,
                                               List<SiteTraffic> minutes, List<Heartbeat> beats,
                                               WeeklySummary.Capacity capacity) {
        List<SiteTraffic> mine = weekMinutes(site, from, to, minutes);
        return new WeeklySummary.Evidence(capacity, busiest(mine, capacity), beats == null ? null
                : collectors(site, from, watched.isBefore(to) ? watched : to, beats), scorecard(mine));
    }

    /** The site's minutes of the week, a minute written twice (a replay) once. */
    static List<SiteTraffic> weekMinutes(String site, Instant from, Instant to, List<SiteTraffic> minutes) {
        Set<Instant> seen = new HashSet<>();
        List<SiteTraffic> out = new ArrayList<>();
        for (SiteTraffic t : minutes) {
            if (!site.equals(t.site()) || t.minute().isBefore(from) || !t.minute().isBefore(to)) continue;
            if (seen.add(t.minute())) out.add(t); // a minute written twice (a replay) counts once
        }
        return out;
    }

    /** The busiest minute and hour each way, as mean rates, against the link where it is known. */
    static List<WeeklySummary.Peak> busiest(List<SiteTraffic> minutes, WeeklySummary.Capacity capacity) {
        if (minutes.isEmpty()) return List.of();
        Map<Instant, long[]> hours = new TreeMap<>();
        SiteTraffic upMinute = minutes.get(0), downMinute = minutes.get(0);
        for (SiteTraffic t : minutes) {
            if (t.sentBytes() > upMinute.sentBytes()) upMinute = t;
            if (t.receivedBytes() > downMinute.receivedBytes()) downMinute = t;
            long[] h = hours.computeIfAbsent(t.minute().truncatedTo(ChronoUnit.HOURS), k -> new long[2]);
            h[0] += t.sentBytes();
            h[1] += t.receivedBytes();
        }
        Map.Entry<Instant, long[]> upHour = null, downHour = null;
        for (Map.Entry<Instant, long[]> e : hours.entrySet()) {
            if (upHour == null || e.getValue()[0] > upHour.getValue()[0]) upHour = e;
            if (downHour == null || e.getValue()[1] > downHour.getValue()[1]) downHour = e;
        }
        Long up = capacity == null ? null : capacity.uploadBps(), down = capacity == null ? null : capacity.downloadBps();
        return List.of(peak("minute", "upload", upMinute.minute(), upMinute.sentBytes(), 60, up),
                peak("minute", "download", downMinute.minute(), downMinute.receivedBytes(), 60, down),
                peak("hour", "upload", upHour.getKey(), upHour.getValue()[0], 3600, up),
                peak("hour", "download", downHour.getKey(), downHour.getValue()[1], 3600, down));
    }

    private static WeeklySummary.Peak peak(String window, String direction, Instant at, long bytes, long seconds, Long link) {
        long bps = bytes * 8 / seconds;
        Double pct = link == null || link <= 0 ? null : Math.round(1000.0 * bps / link) / 10.0;
        return new WeeklySummary.Peak(window, direction, at, bps, pct);
    }

    /** Each collector's uptime and silent periods between {@code from} and {@code end}. */
    static List<WeeklySummary.Collector> collectors(String site, Instant from, Instant end, List<Heartbeat> beats) {
        Map<String, List<Long>> times = beats.stream().filter(b -> site.equals(b.site()))
                .collect(Collectors.groupingBy(Heartbeat::collector, TreeMap::new,
                        Collectors.mapping(Heartbeat::wallTime, Collectors.toList())));
        List<WeeklySummary.Collector> out = new ArrayList<>();
        long limit = SILENCE.toMillis(), endMs = end.toEpochMilli(), fromMs = from.toEpochMilli();
        times.forEach((id, ts) -> {
            List<Long> sorted = ts.stream().filter(t -> t < endMs).sorted().toList();
            // The heartbeat before the week tells whether it was running when the week began.
            Long before = sorted.stream().filter(t -> t < fromMs).reduce((a, b) -> b).orElse(null);
            List<Long> week = sorted.stream().filter(t -> t >= fromMs).toList();
            if (week.isEmpty() && before == null) return;
            long start = before != null ? fromMs : week.get(0);
            long prev = before != null ? before : week.get(0);
            List<WeeklySummary.Silence> silences = new ArrayList<>();
            long silent = 0;
            List<Long> points = new ArrayList<>(week);
            points.add(endMs); // silence up to the end of the watched time counts too
            for (long t : points) {
                if (t - prev > limit) {
                    long a = Math.max(prev, start);
                    silences.add(new WeeklySummary.Silence(Instant.ofEpochMilli(a), Instant.ofEpochMilli(t), (t - a) / 1000));
                    silent += t - a;
                }
                prev = Math.max(prev, t);
            }
            double span = Math.max(1, endMs - start);
            double uptime = Math.round(1000.0 * (1 - silent / span)) / 10.0;
            out.add(new WeeklySummary.Collector(id, Math.max(0, uptime), week.size(), silences));
        });
        return out;
    }

    /** The week's edge connections by protection; null when none carried anything Vigil could judge. */
    static WeeklySummary.Scorecard scorecard(List<SiteTraffic> minutes) {
        SiteTraffic.Tls sum = new SiteTraffic.Tls(0, 0, 0, 0);
        for (SiteTraffic t : minutes) sum = sum.plus(t.tls());
        if (sum.total() == 0) return null;
        double modern = Math.round(1000.0 * (sum.tls13() + sum.tls12()) / sum.total()) / 10.0;
        return new WeeklySummary.Scorecard(sum.tls13(), sum.tls12(), sum.older(), sum.cleartext(), modern);
    }
}
