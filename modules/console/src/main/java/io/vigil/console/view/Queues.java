package io.vigil.console.view;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Cidr;
import io.vigil.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a queue is made from the view: every alert that passes the filter, gathered into its
 * line (site, type, host), the lines sorted — the untaken first, then the most severe, then the
 * most recently updated — and cut to the limit; with the sites and assignees for the filter's
 * choices and the silent collectors for the banner. The view holds its read lock around it and
 * keeps what it made for its version ({@link AlertView#queue}).
 */
final class Queues {

    private Queues() {}

    /** The queue for {@code f} over the view's groups and alerts (the caller holds the view's read lock). */
    static AlertView.Queue make(Collection<List<AlertEntry>> groups, Collection<AlertEntry> entries, QueueFilter f, String me,
                                int limit, Instant now, long version) {
        Instant cutoff = f.since() == null ? null : now.minus(QueueFilter.SINCE.get(f.since()));
        Cidr block = f.host() != null && f.host().contains("/") ? Cidr.parse(f.host()) : null;
        List<QueueRow> rows = new ArrayList<>();
        int hidden = 0, alerts = 0;
        Set<String> sites = new TreeSet<>(), assignees = new TreeSet<>();
        for (List<AlertEntry> members : groups) {
            Group g = null;
            for (AlertEntry e : members) {
                if (e.alert == null) continue;
                sites.add(e.alert.site());
                if (e.assignee != null) assignees.add(e.assignee);
                if (!passes(e, f, me, cutoff, block)) continue;
                boolean sup = e.suppressedBy != null;
                if (sup && "hide".equals(f.suppressed())) {
                    hidden++;
                    continue;
                }
                if (!sup && "only".equals(f.suppressed())) continue;
                if (g == null) g = new Group(e);
                g.add(e);
                alerts++;
            }
            if (g != null) rows.add(g.row());
        }
        rows.sort(Comparator.comparingInt((QueueRow r) -> r.fresh() > 0 ? 0 : r.acknowledged() > 0 ? 1 : 2)
                .thenComparing(QueueRow::worst, Comparator.reverseOrder())
                .thenComparing(QueueRow::updatedAt, Comparator.reverseOrder()));
        int groupCount = rows.size();
        return new AlertView.Queue(List.copyOf(rows.subList(0, Math.min(limit, rows.size()))), groupCount, alerts, hidden,
                silences(entries), List.copyOf(sites), List.copyOf(assignees), version);
    }

    private static boolean passes(AlertEntry e, QueueFilter f, String me, Instant cutoff, Cidr block) {
        Alert a = e.alert;
        if (f.site() != null && !f.site().equals(a.site())) return false;
        if (f.type() != null && f.type() != a.type()) return false;
        if (f.minSeverity() != null && !a.severity().atLeast(f.minSeverity())) return false;
        if (!f.showsState(e.state)) return false;
        if (cutoff != null && e.updatedAt < cutoff.toEpochMilli()) return false;
        if (f.assignee() != null) {
            String who = "me".equals(f.assignee()) ? me : f.assignee();
            if ("none".equals(who) ? e.assignee != null : !who.equals(e.assignee)) return false;
        }
        return f.host() == null || involves(a, f.host(), block);
    }

    /** Whether {@code a} names {@code host} (or an address inside {@code block}) as source, destination or target. */
    static boolean involves(Alert a, String host, Cidr block) {
        if (hostMatches(a.src(), host, block) || hostMatches(a.dst(), host, block)) return true;
        if (a.targets() != null) for (String t : a.targets()) if (hostMatches(t, host, block)) return true;
        return false;
    }

    private static boolean hostMatches(String value, String host, Cidr block) {
        if (value == null) return false;
        if (block == null) return value.equalsIgnoreCase(host);
        if (!value.matches("[0-9a-fA-F:.]+")) return false;
        try {
            return block.contains(Cidr.parse(value).network());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Sites whose collector an active {@code collector_silent} alert says is silent. */
    private static List<AlertView.Silence> silences(Collection<AlertEntry> entries) {
        List<AlertView.Silence> out = new ArrayList<>();
        for (AlertEntry e : entries) {
            Alert a = e.alert;
            if (a != null && a.type() == AlertType.COLLECTOR_SILENT && Alert.ACTIVE.equals(a.status())) {
                out.add(new AlertView.Silence(a.site(), a.src(), a.firstSeen(), a.id()));
            }
        }
        out.sort(Comparator.comparing(AlertView.Silence::site));
        return out;
    }

    /** Gathers one group's alerts for its queue line. */
    private static final class Group {
        final AlertEntry first;
        int count, fresh, acknowledged, closed, suppressed, active;
        Severity worst;
        Instant firstSeen, lastSeen;
        long updatedAt = Long.MIN_VALUE;
        AlertEntry latest;
        final Set<String> assignees = new TreeSet<>();
        final List<AlertEntry> members = new ArrayList<>();

        Group(AlertEntry first) {
            this.first = first;
        }

        void add(AlertEntry e) {
            Alert a = e.alert;
            members.add(e);
            count++;
            switch (e.state) {
                case OPEN -> fresh++;
                case ACKNOWLEDGED -> acknowledged++;
                case CLOSED -> closed++;
            }
            if (e.suppressedBy != null) suppressed++;
            if (Alert.ACTIVE.equals(a.status())) active++;
            if (worst == null || a.severity().compareTo(worst) > 0) worst = a.severity();
            if (firstSeen == null || a.firstSeen().isBefore(firstSeen)) firstSeen = a.firstSeen();
            if (lastSeen == null || a.lastSeen().isAfter(lastSeen)) lastSeen = a.lastSeen();
            if (e.updatedAt > updatedAt) {
                updatedAt = e.updatedAt;
                latest = e;
            }
            if (e.assignee != null) assignees.add(e.assignee);
        }

        QueueRow row() {
            Alert a = first.alert;
            members.sort(Comparator.comparingLong((AlertEntry e) -> e.updatedAt).reversed());
            return new QueueRow(first.groupKey, a.site(), a.type(), AlertEntry.entity(a), count, worst, firstSeen, lastSeen,
                    Instant.ofEpochMilli(updatedAt), fresh, acknowledged, closed, suppressed, active, List.copyOf(assignees),
                    latest.id, latest.alert.summary(), members.stream().map(e -> e.id).toList());
        }
    }
}
