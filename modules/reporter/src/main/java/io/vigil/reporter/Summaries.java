package io.vigil.reporter;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Heartbeat;
import io.vigil.model.Lifecycle;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Severity;
import io.vigil.model.SiteTraffic;
import io.vigil.model.WeeklySummary;
import io.vigil.runtime.Percentiles;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Builds each site's {@link WeeklySummary} from the alerts and the notification audit trail. */
public final class Summaries {

    /** How many hosts the top lists show. */
    static final int TOP = 10;

    private Summaries() {}

    /** The ISO week (Monday 00:00 UTC to the next Monday) that {@code week} names, e.g. "2026-W47". */
    public static Instant[] week(String week) {
        LocalDate monday;
        try {
            monday = LocalDate.parse(week + "-1", DateTimeFormatter.ISO_WEEK_DATE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + week + "' is not an ISO week like 2026-W47");
        }
        Instant from = monday.atStartOfDay(ZoneOffset.UTC).toInstant();
        return new Instant[] {from, from.plus(Duration.ofDays(7))};
    }

    /** The ISO week an instant falls in, e.g. "2026-W47". */
    public static String weekOf(Instant t) {
        LocalDate d = t.atZone(ZoneOffset.UTC).toLocalDate();
        return String.format("%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** The latest record of every alert id (records of one id are updates of one alert). */
    public static List<Alert> latest(List<Alert> records) {
        Map<String, Alert> byId = new LinkedHashMap<>();
        for (Alert a : records) byId.put(a.id(), a);
        return new ArrayList<>(byId.values());
    }

    /** Every site that has an alert raised in the week. */
    public static Set<String> sites(List<Alert> alerts, String week) {
        Instant[] w = week(week);
        Set<String> out = new TreeSet<>();
        for (Alert a : alerts) if (in(a, w[0], w[1])) out.add(a.site());
        return out;
    }

    public static WeeklySummary build(String site, String week, List<Alert> alerts, List<NotificationAttempt> attempts) {
        return build(site, week, alerts, attempts, List.of());
    }

    /** The hours of the week at the site's edge, from the detector's minute figures; null without any. */
    static WeeklySummary.Traffic traffic(String site, Instant from, Instant to, List<SiteTraffic> minutes) {
        long[][] hours = new long[(int) Duration.between(from, to).toHours()][3];
        boolean any = false;
        for (SiteTraffic t : EdgeEvidence.weekMinutes(site, from, to, minutes)) {
            int h = (int) Duration.between(from, t.minute()).toHours();
            hours[h][0] += t.sentBytes();
            hours[h][1] += t.receivedBytes();
            hours[h][2] += t.connections();
            any = true;
        }
        if (!any) return null;
        List<WeeklySummary.Hour> all = new ArrayList<>();
        long sent = 0, received = 0;
        for (int h = 0; h < hours.length; h++) {
            all.add(new WeeklySummary.Hour(from.plus(Duration.ofHours(h)), hours[h][0], hours[h][1], hours[h][2]));
            sent += hours[h][0];
            received += hours[h][1];
        }
        List<WeeklySummary.Hour> peaks = all.stream()
                .filter(x -> x.sentBytes() + x.receivedBytes() > 0)
                .sorted(Comparator.comparingLong((WeeklySummary.Hour x) -> -(x.sentBytes() + x.receivedBytes()))
                        .thenComparing(WeeklySummary.Hour::hour))
                .limit(3).toList();
        return new WeeklySummary.Traffic(sent, received, all, peaks);
    }

    public static WeeklySummary build(String site, String week, List<Alert> alerts, List<NotificationAttempt> attempts,
                                      List<SiteTraffic> minutes) {
        return build(site, week, alerts, attempts, minutes, null, null, Instant.MAX);
    }

    /**
     * The whole summary, with the auditor's evidence and the lead paragraph.
     *
     * @param attempts the audit trail, or null when none was read (offline)
     * @param beats    the collectors' heartbeats, or null when none could be read (offline)
     * @param capacity the site's provisioned link, or null when not set
     * @param now      the time of the report: the current week is judged up to it
     */
    public static WeeklySummary build(String site, String week, List<Alert> alerts, List<NotificationAttempt> attempts,
                                      List<SiteTraffic> minutes, List<Heartbeat> beats,
                                      WeeklySummary.Capacity capacity, Instant now) {
        return build(site, week, alerts, attempts, minutes, beats, capacity, now, null);
    }

    /** @param decisions triage and suppressions, or null when they were not read (then the summary has no triage part) */
    public static WeeklySummary build(String site, String week, List<Alert> alerts, List<NotificationAttempt> attempts,
                                      List<SiteTraffic> minutes, List<Heartbeat> beats,
                                      WeeklySummary.Capacity capacity, Instant now, TriageSummary.Decisions decisions) {
        boolean trailRead = attempts != null;
        if (attempts == null) attempts = List.of();
        Instant[] w = week(week);
        Instant from = w[0], to = w[1];
        List<Alert> mine = weekAlerts(site, week, alerts);
        long previous = alerts.stream().filter(a -> site.equals(a.site()) && in(a, from.minus(Duration.ofDays(7)), from))
                .count();

        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)) {
            bySeverity.put(s.wire(), mine.stream().filter(a -> a.severity() == s).count());
        }
        Map<String, Long> types = new LinkedHashMap<>();
        mine.stream().map(a -> a.type().wire()).sorted().forEach(t -> types.merge(t, 1L, Long::sum));
        Map<String, Long> byType = sortByValue(types);
        Map<String, Long> techniques = new LinkedHashMap<>();
        mine.stream().flatMap(a -> a.attack().stream()).sorted().forEach(t -> techniques.merge(t, 1L, Long::sum));
        Map<String, Long> byTechnique = sortByValue(techniques);

        List<WeeklySummary.Day> days = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            LocalDate d = from.atZone(ZoneOffset.UTC).toLocalDate().plusDays(i);
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String s : bySeverity.keySet()) {
                counts.put(s, mine.stream().filter(a -> a.severity().wire().equals(s)
                        && a.raisedAt().atZone(ZoneOffset.UTC).toLocalDate().equals(d)).count());
            }
            days.add(new WeeklySummary.Day(d, counts));
        }

        Map<String, List<NotificationAttempt>> trail = new HashMap<>();
        for (NotificationAttempt n : attempts) trail.computeIfAbsent(n.alertId(), k -> new ArrayList<>()).add(n);
        Map<String, String> ackedBy = new HashMap<>();
        List<Long> firstDelivery = new ArrayList<>();
        List<Long> toAck = new ArrayList<>();
        long dead = 0;
        for (Alert a : mine) {
            List<NotificationAttempt> t = trail.getOrDefault(a.id(), List.of());
            t.stream().filter(n -> NotificationAttempt.DELIVERED.equals(n.outcome()) && Lifecycle.RAISED.is(n.event()))
                    .mapToLong(NotificationAttempt::latencyMs).min().ifPresent(firstDelivery::add);
            t.stream().filter(n -> NotificationAttempt.ACKNOWLEDGED.equals(n.outcome())).findFirst().ifPresent(n -> {
                ackedBy.put(a.id(), n.channel().startsWith("ack:") ? n.channel().substring(4) : n.channel());
                if (a.detectedAt() != null && n.sentAt() != null) toAck.add(Duration.between(a.detectedAt(), n.sentAt()).toMillis());
            });
            if (t.stream().anyMatch(n -> NotificationAttempt.DEAD_LETTERED.equals(n.outcome()))) dead++;
        }
        long[] lat = firstDelivery.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] acks = toAck.stream().mapToLong(Long::longValue).sorted().toArray();
        WeeklySummary.Notification notification = new WeeklySummary.Notification(mine.size(), lat.length,
                lat.length == 0 ? null : Percentiles.nearestRank(lat, 0.5), lat.length == 0 ? null : Percentiles.nearestRank(lat, 0.99),
                lat.length == 0 ? null : lat[lat.length - 1], ackedBy.size(), acks.length == 0 ? null : Percentiles.nearestRank(acks, 0.5),
                dead);

        List<WeeklySummary.Line> notable = mine.stream()
                .filter(a -> a.severity().atLeast(Severity.HIGH) || a.type() == AlertType.INSECURE_PROTOCOL)
                .sorted(Comparator.comparing(Alert::severity).reversed().thenComparing(Alert::raisedAt))
                .map(a -> new WeeklySummary.Line(a.id(), a.type().wire(), a.severity().wire(), a.src(), a.dst(), a.firstSeen(),
                        a.lastSeen(), a.status(), a.summary(), ackedBy.get(a.id())))
                .toList();

        WeeklySummary s = new WeeklySummary(WeeklySummary.VERSION, site, week, from, to, mine.size(), previous, bySeverity,
                byType, byTechnique, days, top(mine, true), top(mine, false), notable, IndicatorHits.build(mine), notification,
                traffic(site, from, to, minutes), EdgeEvidence.build(site, from, to, now, minutes, beats, capacity), null,
                decisions == null ? null : TriageSummary.build(site, from, to, now, mine, attempts, decisions));
        return s.withLead(Lead.write(s, trailRead));
    }

    /** The site's alerts raised in the week, in the order they were raised. */
    public static List<Alert> weekAlerts(String site, String week, List<Alert> alerts) {
        Instant[] w = week(week);
        return alerts.stream().filter(a -> site.equals(a.site()) && in(a, w[0], w[1]))
                .sorted(Comparator.comparing((Alert a) -> a.raisedAt() != null ? a.raisedAt() : a.firstSeen())).toList();
    }

    private static boolean in(Alert a, Instant from, Instant to) {
        Instant t = a.raisedAt() != null ? a.raisedAt() : a.firstSeen();
        return !t.isBefore(from) && t.isBefore(to);
    }

    /** Hosts by how many alerts name them: as the source ({@code sources}) or as a target. */
    private static List<WeeklySummary.Count> top(List<Alert> alerts, boolean sources) {
        Map<String, long[]> counts = new HashMap<>();
        Map<String, Severity> worst = new HashMap<>();
        for (Alert a : alerts) {
            List<String> hosts = sources ? (a.src() == null ? List.of() : List.of(a.src()))
                    : a.targets() != null && !a.targets().isEmpty() ? a.targets() : a.dst() == null ? List.of() : List.of(a.dst());
            for (String h : hosts) {
                counts.computeIfAbsent(h, k -> new long[1])[0]++;
                worst.merge(h, a.severity(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
            }
        }
        return counts.entrySet().stream()
                // most alerts first; of equals, the worse first
                .sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
                        .thenComparing(e -> worst.get(e.getKey()), Comparator.reverseOrder()).thenComparing(Map.Entry::getKey))
                .limit(TOP).map(e -> new WeeklySummary.Count(e.getKey(), e.getValue()[0], worst.get(e.getKey()).wire()))
                .toList();
    }

    private static Map<String, Long> sortByValue(Map<String, Long> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
