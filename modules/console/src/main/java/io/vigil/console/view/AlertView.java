package io.vigil.console.view;

import io.vigil.model.Alert;
import io.vigil.model.Heartbeat;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Suppression;
import io.vigil.model.TriageAction;
import io.vigil.model.TriageState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * What the console shows, built from Kafka alone: alerts (their latest record), triage,
 * the notification audit, suppressions and heartbeats, as the {@link Feed} reads them. Nothing
 * is stored anywhere else: a console started on a new machine reads the topics and has the
 * same view. One writer (the feed) changes it under a write lock, in batches; pages read it
 * under a read lock and get copies. Listeners hear, after each batch, which alerts changed
 * (the live queue).
 */
public final class AlertView {

    /** After a batch: the view's new version and the alerts it touched. */
    public record Change(long version, Set<String> alertIds) {}

    /** An alert the detector raised while its site's collector is silent: the site may be blind. */
    public record Silence(String site, String collector, Instant since, String alertId) {}

    /** A suppression with what it has held back so far (from the audit trail). */
    public record SuppressionHits(Suppression suppression, int hits, Instant lastHit) {}

    /** What the queue shows for a filter. */
    public record Queue(List<QueueRow> rows, int groups, int alerts, int hiddenSuppressed, List<Silence> silences,
                        List<String> sites, List<String> assignees, long version) {}

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Clock clock;
    private final Duration keep;
    private final Map<String, AlertEntry> entries = new HashMap<>();
    private final Map<String, List<AlertEntry>> groups = new LinkedHashMap<>();
    private final Map<String, Suppression> suppressions = new LinkedHashMap<>();
    private final Map<String, Set<String>> hits = new HashMap<>();
    private final Map<String, Instant> lastHits = new HashMap<>();
    private final Heartbeats heartbeats = new Heartbeats();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private volatile long version;
    private long lastPrune;

    /** @param keep how long an alert stays in view after its last update */
    public AlertView(Clock clock, Duration keep) {
        this.clock = clock;
        this.keep = keep;
    }

    public void listen(Consumer<Change> l) {
        listeners.add(l);
    }

    /** The view's writes, only inside {@link #write}. */
    public final class Writer {
        private final Set<String> touched = new HashSet<>();

        private Writer() {}

        /** The latest record of an alert; {@code arrived} is when it reached Kafka. */
        public void alert(Alert a, long arrived) {
            if (arrived < clock.millis() - keep.toMillis()) return; // out of view already
            AlertEntry e = entries.computeIfAbsent(a.id(), AlertEntry::new);
            if (e.alert == null) {
                e.groupKey = a.site() + "|" + a.type().wire() + "|" + AlertEntry.entity(a);
                groups.computeIfAbsent(e.groupKey, k -> new ArrayList<>()).add(e);
            }
            e.alert = a;
            e.updatedAt = Math.max(e.updatedAt, arrived);
            touched.add(a.id());
        }

        public void triage(TriageAction t) {
            entries.computeIfAbsent(t.alertId(), AlertEntry::new).triage(t);
            touched.add(t.alertId());
        }

        public void notice(NotificationAttempt n) {
            entries.computeIfAbsent(n.alertId(), AlertEntry::new).notice(n);
            if (NotificationAttempt.SUPPRESSED.equals(n.outcome()) && n.suppressedBy() != null) {
                hits.computeIfAbsent(n.suppressedBy(), k -> new HashSet<>()).add(n.alertId());
                if (n.sentAt() != null) lastHits.merge(n.suppressedBy(), n.sentAt(), (x, y) -> x.isAfter(y) ? x : y);
            }
            touched.add(n.alertId());
        }

        /** A suppression as it now stands; null removes it. */
        public void suppression(String id, Suppression s) {
            if (s == null) suppressions.remove(id);
            else suppressions.put(id, s);
            touched.add("suppression:" + id);
        }

        public void heartbeat(Heartbeat h) {
            heartbeats.add(h);
        }
    }

    /** Applies {@code batch} under the write lock, then tells the listeners what changed. */
    public void write(Consumer<Writer> batch) {
        Writer w = new Writer();
        Change change;
        lock.writeLock().lock();
        try {
            batch.accept(w);
            prune();
            version++;
            change = new Change(version, Set.copyOf(w.touched));
        } finally {
            lock.writeLock().unlock();
        }
        if (!change.alertIds().isEmpty()) listeners.forEach(l -> l.accept(change));
    }

    /** Drops alerts not updated for {@code keep}, at most once a minute. */
    private void prune() {
        long now = clock.millis();
        if (now - lastPrune < 60_000) return;
        lastPrune = now;
        long horizon = now - keep.toMillis();
        entries.values().removeIf(e -> e.alert != null && e.updatedAt < horizon);
        for (var it = groups.entrySet().iterator(); it.hasNext(); ) {
            var g = it.next();
            g.getValue().removeIf(e -> e.alert != null && e.updatedAt < horizon);
            if (g.getValue().isEmpty()) it.remove();
        }
    }

    public long version() {
        return version;
    }

    /**
     * Queues made (or being made) for this version of the view, by filter: fifty analysts on the
     * same queue, each refreshing when an alert arrives, make it once between them — the first
     * makes it and the others wait for that, rather than fifty making it at once.
     */
    private final Map<String, FutureTask<Queue>> made = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FutureTask<Queue>> e) {
            return size() > 64;
        }
    };

    /** The queue for {@code f}, the first {@code limit} groups; {@code me} is who asks (for assignee=me). */
    public Queue queue(QueueFilter f, String me, int limit) {
        String key = version() + "|" + limit + "|" + f.query() + ("me".equals(f.assignee()) ? "|" + me : "")
                + (f.since() == null ? "" : "|" + clock.millis() / 10_000);
        FutureTask<Queue> task;
        boolean mine = false;
        synchronized (made) {
            task = made.get(key);
            if (task == null) {
                task = new FutureTask<>(() -> make(f, me, limit));
                made.put(key, task);
                mine = true;
            }
        }
        if (mine) task.run();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the queue was made", e);
        } catch (ExecutionException e) {
            synchronized (made) {
                made.remove(key);
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private Queue make(QueueFilter f, String me, int limit) {
        lock.readLock().lock();
        try {
            return Queues.make(groups.values(), entries.values(), f, me, limit, clock.instant(), version);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** One alert, or null when the console has never seen it (or it is out of view). */
    public AlertDetail alert(String id) {
        lock.readLock().lock();
        try {
            AlertEntry e = entries.get(id);
            return e == null || e.alert == null ? null : e.detail();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Several alerts by id, those the console knows, in the order asked. */
    public List<AlertDetail> alerts(List<String> ids) {
        lock.readLock().lock();
        try {
            List<AlertDetail> out = new ArrayList<>();
            for (String id : ids) {
                AlertEntry e = entries.get(id);
                if (e != null && e.alert != null) out.add(e.detail());
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Other alerts about the same hosts (as source, destination or target), most recent first. */
    public List<AlertDetail> related(Alert a, int limit) {
        Set<String> hosts = new HashSet<>();
        if (a.src() != null) hosts.add(a.src());
        if (a.dst() != null) hosts.add(a.dst());
        lock.readLock().lock();
        try {
            List<AlertEntry> found = new ArrayList<>();
            for (AlertEntry e : entries.values()) {
                if (e.alert == null || e.id.equals(a.id())) continue;
                for (String h : hosts) {
                    if (Queues.involves(e.alert, h, null)) {
                        found.add(e);
                        break;
                    }
                }
            }
            found.sort(Comparator.comparingLong((AlertEntry e) -> e.updatedAt).reversed());
            return found.stream().limit(limit).map(AlertEntry::detail).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every suppression the console knows, newest first, with its hits. */
    public List<SuppressionHits> suppressions() {
        lock.readLock().lock();
        try {
            List<SuppressionHits> out = new ArrayList<>();
            for (Suppression s : suppressions.values()) {
                out.add(new SuppressionHits(s, hits.getOrDefault(s.id(), Set.of()).size(), lastHits.get(s.id())));
            }
            out.sort(Comparator.comparing((SuppressionHits h) -> h.suppression().createdAt()).reversed());
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    public SuppressionHits suppression(String id) {
        return suppressions().stream().filter(h -> h.suppression().id().equals(id)).findFirst().orElse(null);
    }

    /** The alerts a suppression has held back (from the audit trail), most recent first. */
    public List<AlertDetail> heldBackBy(String suppressionId) {
        lock.readLock().lock();
        try {
            List<AlertEntry> found = new ArrayList<>();
            for (String id : hits.getOrDefault(suppressionId, Set.of())) {
                AlertEntry e = entries.get(id);
                if (e != null && e.alert != null) found.add(e);
            }
            found.sort(Comparator.comparingLong((AlertEntry e) -> e.updatedAt).reversed());
            return found.stream().map(AlertEntry::detail).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Alerts a suppression closed when it was made that are still closed by it (what revoking it reopens). */
    public List<AlertDetail> closedBy(String suppressionId) {
        lock.readLock().lock();
        try {
            List<AlertDetail> out = new ArrayList<>();
            for (AlertEntry e : entries.values()) {
                if (e.alert == null || e.triage.isEmpty() || e.state != TriageState.CLOSED) continue;
                TriageAction last = e.triage.get(e.triage.size() - 1);
                if (suppressionId.equals(last.suppression()) && TriageAction.CLOSE.equals(last.action())) out.add(e.detail());
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Alerts updated since {@code since} that {@code scope} takes in, most recent first. */
    public List<AlertDetail> matching(Suppression.Scope scope, Instant since) {
        lock.readLock().lock();
        try {
            List<AlertEntry> found = new ArrayList<>();
            for (AlertEntry e : entries.values()) {
                if (e.alert != null && e.updatedAt >= since.toEpochMilli() && scope.matches(e.alert)) found.add(e);
            }
            found.sort(Comparator.comparingLong((AlertEntry e) -> e.updatedAt).reversed());
            return found.stream().map(AlertEntry::detail).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Each collector of {@code site} as it was at {@code at} (wall clock). */
    public List<CollectorState> collectorsAt(String site, Instant at) {
        lock.readLock().lock();
        try {
            return heartbeats.at(site, at);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** How many alerts are in view (for health and metrics). */
    public int size() {
        lock.readLock().lock();
        try {
            return (int) entries.values().stream().filter(e -> e.alert != null).count();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A group's alerts of the triage states given, newest first (what "the same on a whole group" acts on). */
    public List<String> groupMembers(String groupKey) {
        lock.readLock().lock();
        try {
            List<AlertEntry> m = groups.getOrDefault(groupKey, List.of());
            List<String> out = new ArrayList<>();
            for (AlertEntry e : m) if (e.alert != null) out.add(e.id);
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }
}
