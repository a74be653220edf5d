package io.vigil.reporter;

import io.vigil.model.Alert;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Suppression;
import io.vigil.model.TriageAction;
import io.vigil.model.TriageState;
import io.vigil.model.Verdict;
import io.vigil.model.WeeklySummary;
import io.vigil.runtime.Percentiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The week's triage for a manager, per alert type: how many alerts, the verdicts they were
 * closed with, precision (true positives over true plus false positives: how often an alert
 * of this type was worth it), the median time from detection to someone taking it, and how
 * many were held back; and the site's suppressions with their hits and those ending soon.
 * A verdict counts as an alert's latest close; time to take it is its first acknowledgement or
 * close, in the console or through the acknowledgement API.
 */
public final class TriageSummary {

    /** What people decided, as read from the triage and suppression topics. */
    public record Decisions(List<TriageAction> triage, Collection<Suppression> suppressions) {}

    private TriageSummary() {}

    static WeeklySummary.Triage build(String site, Instant from, Instant to, Instant now, List<Alert> week,
                                      List<NotificationAttempt> attempts, Decisions d) {
        Map<String, List<TriageAction>> byAlert = new HashMap<>();
        for (TriageAction t : d.triage()) byAlert.computeIfAbsent(t.alertId(), k -> new ArrayList<>()).add(t);
        Map<String, Instant> apiAck = new HashMap<>();
        Map<String, Long> suppressedIn = new HashMap<>();
        Map<String, Set<String>> hits = new HashMap<>();
        Map<String, Instant> lastHit = new HashMap<>();
        for (NotificationAttempt n : attempts) {
            if (NotificationAttempt.ACKNOWLEDGED.equals(n.outcome()) && n.sentAt() != null) {
                apiAck.merge(n.alertId(), n.sentAt(), (x, y) -> x.isBefore(y) ? x : y);
            }
            if (NotificationAttempt.SUPPRESSED.equals(n.outcome()) && n.suppressedBy() != null && n.sentAt() != null
                    && !n.sentAt().isBefore(from) && n.sentAt().isBefore(to) && site.equals(n.site())) {
                hits.computeIfAbsent(n.suppressedBy(), k -> new HashSet<>()).add(n.alertId());
                lastHit.merge(n.suppressedBy(), n.sentAt(), (x, y) -> x.isAfter(y) ? x : y);
            }
        }
        Set<String> held = new HashSet<>();
        hits.values().forEach(held::addAll);
        Map<String, List<Alert>> byType = new TreeMap<>();
        for (Alert a : week) byType.computeIfAbsent(a.type().wire(), k -> new ArrayList<>()).add(a);
        List<WeeklySummary.TypeTriage> types = new ArrayList<>();
        byType.forEach((type, alerts) -> types.add(type(type, alerts, byAlert, apiAck, held)));
        List<WeeklySummary.SuppressionUse> uses = new ArrayList<>();
        for (Suppression s : d.suppressions()) {
            if (!site.equals(s.scope().site())) continue;
            Instant ended = Suppression.REVOKED.equals(s.state()) && s.changedAt() != null ? s.changedAt() : s.expiresAt();
            if (!s.createdAt().isBefore(to) || ended.isBefore(from)) continue; // not in force in the week
            boolean soon = s.activeAt(now) && s.expiresAt().isBefore(now.plus(Duration.ofDays(7)));
            uses.add(new WeeklySummary.SuppressionUse(s.id(), s.scope().describe(), s.reason(), s.owner(), s.expiresAt(),
                    s.activeAt(now) ? "in force" : Suppression.REVOKED.equals(s.state()) ? "revoked" : "expired",
                    hits.getOrDefault(s.id(), Set.of()).size(), lastHit.get(s.id()), soon));
        }
        uses.sort(Comparator.comparingLong((WeeklySummary.SuppressionUse u) -> -u.hits()).thenComparing(WeeklySummary.SuppressionUse::id));
        return new WeeklySummary.Triage(types, uses);
    }

    private static WeeklySummary.TypeTriage type(String type, List<Alert> alerts, Map<String, List<TriageAction>> byAlert,
                                                 Map<String, Instant> apiAck, Set<String> held) {
        Map<String, Long> verdicts = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) verdicts.put(v.wire(), 0L);
        List<Long> toTake = new ArrayList<>();
        long suppressed = 0;
        for (Alert a : alerts) {
            List<TriageAction> t = byAlert.getOrDefault(a.id(), List.of());
            TriageAction last = t.stream().max(Comparator.comparing(TriageAction::at)).orElse(null);
            if (last != null && last.stateAfter() == TriageState.CLOSED && last.verdict() != null) {
                verdicts.merge(last.verdict().wire(), 1L, Long::sum);
            }
            Instant taken = t.stream().filter(TriageAction::taken).map(TriageAction::at).min(Comparator.naturalOrder()).orElse(null);
            Instant api = apiAck.get(a.id());
            if (api != null && (taken == null || api.isBefore(taken))) taken = api;
            if (taken != null && a.detectedAt() != null) toTake.add(Math.max(0, Duration.between(a.detectedAt(), taken).toMillis()));
            if (held.contains(a.id())) suppressed++;
        }
        long tp = verdicts.get(Verdict.TRUE_POSITIVE.wire()), fp = verdicts.get(Verdict.FALSE_POSITIVE.wire());
        long[] sorted = toTake.stream().mapToLong(Long::longValue).sorted().toArray();
        return new WeeklySummary.TypeTriage(type, alerts.size(), verdicts, tp + fp == 0 ? null : tp / (double) (tp + fp),
                sorted.length == 0 ? null : Percentiles.nearestRank(sorted, 0.5), suppressed);
    }
}
