package io.vigil.detector.episode;

import io.vigil.detector.codec.DecodedStore;
import io.vigil.detector.message.Emitted;
import io.vigil.detector.spi.Allowlist;
import io.vigil.detector.spi.Thresholds;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One alert per episode, for every detector. A detector says "this condition holds for this
 * entity at this event time" ({@link #observe}); this class decides whether that is a new
 * alert (a deterministic id), an update of the open one (emitted only when the score has
 * doubled or the severity risen, so analysts are not paged per flow), or the reopening of
 * one that ended recently (within the suppression time: the same alert, not a new page).
 * Episodes end after a quiet period in event time ({@link #sweep}) or when the input ends
 * ({@link #endSite}); an ended episode is remembered for the suppression time.
 */
public final class Episodes {

    /** What a detector knows when its condition holds. */
    public record Draft(AlertType type, String site, String src, String dst, List<String> targets, long firstSeen,
                        double score, double observed, Alert.Baseline baseline, Severity severity, String summary,
                        Map<String, Object> evidence, List<String> attack) {

        /** A draft with the techniques its type indicates by default. */
        public Draft(AlertType type, String site, String src, String dst, List<String> targets, long firstSeen,
                     double score, double observed, Alert.Baseline baseline, Severity severity, String summary,
                     Map<String, Object> evidence) {
            this(type, site, src, dst, targets, firstSeen, score, observed, baseline, severity, summary, evidence,
                    List.of());
        }
    }

    /** An episode as stored: its latest alert and the score last emitted. */
    public record State(Alert alert, double emittedScore) {}

    /** Records arriving from several upstream tasks may lag stream time by this much. */
    public static final long LATENESS_MS = 120_000;

    /** Open episodes are observed on every matching flow (plaintext HTTP: every visit): keep them decoded. */
    private final DecodedStore<State> store;
    private final ProcessorContext<String, Emitted> context;
    private final Allowlist allowlist;
    /** Targets an alert lists at most; the evidence says how many there were in all. */
    public static final int MAX_TARGETS = 100;

    private final Function<String, Thresholds> thresholds;
    private long allowlisted;

    /** @param thresholds each site's settings: its episodes end and reopen by its own quiet and suppression times */
    public Episodes(KeyValueStore<String, State> store, ProcessorContext<String, Emitted> context, Allowlist allowlist,
                    Function<String, Thresholds> thresholds) {
        this.store = new DecodedStore<>(store, 10_000);
        this.context = context;
        this.allowlist = allowlist;
        this.thresholds = thresholds;
    }

    private static String key(AlertType type, String site, String entity) {
        return type.wire() + "|" + site + "|" + entity;
    }

    /** The condition of {@code d} holds for {@code entity} at event time {@code eventTime}. */
    public void observe(String entity, long eventTime, Draft d) {
        String key = key(d.type(), d.site(), entity);
        State s = store.get(key);
        if (s != null && Alert.ENDED.equals(s.alert().status())
                && eventTime > s.alert().lastSeen().toEpochMilli() + thresholds.apply(d.site()).suppressMs(d.type())) {
            s = null;
        }
        if (s == null) {
            if (allowlist.suppresses(d.type(), d.site(), d.src(), d.dst())) {
                allowlisted++;
                return;
            }
            Alert a = new Alert(Alert.VERSION, AlertIds.of(d.type().wire(), d.site(), entity, d.firstSeen()), d.type(),
                    d.severity(), Alert.ACTIVE, d.site(), d.src(), d.dst(), d.targets(), Instant.ofEpochMilli(d.firstSeen()),
                    Instant.ofEpochMilli(Math.max(eventTime, d.firstSeen())), Instant.ofEpochMilli(eventTime),
                    Instant.now(), d.score(), d.observed(), d.baseline(), d.summary(), d.evidence(), d.attack());
            store.put(key, new State(a, d.score()));
            emit(a, eventTime);
            return;
        }
        Alert old = s.alert();
        boolean reopened = Alert.ENDED.equals(old.status());
        Severity sev = d.severity().compareTo(old.severity()) > 0 ? d.severity() : old.severity();
        long first = Math.min(old.firstSeen().toEpochMilli(), d.firstSeen());
        long last = Math.max(old.lastSeen().toEpochMilli(), eventTime);
        Alert a = new Alert(Alert.VERSION, old.id(), old.type(), sev, Alert.ACTIVE, old.site(), d.src(), d.dst(),
                union(old.targets(), d.targets()), Instant.ofEpochMilli(first), Instant.ofEpochMilli(last), old.raisedAt(), old.detectedAt(),
                Math.max(old.score(), d.score()), d.observed(), d.baseline(), d.summary(), d.evidence(), d.attack());
        boolean emit = reopened || d.score() >= 2 * s.emittedScore() || sev.compareTo(old.severity()) > 0;
        store.put(key, new State(a, emit ? Math.max(d.score(), s.emittedScore()) : s.emittedScore()));
        if (emit) emit(a, last);
    }

    /** Ends episodes quiet for their type's quiet time; forgets ended ones past suppression. */
    public void sweep(long streamTime) {
        long now = streamTime - LATENESS_MS;
        List<KeyValue<String, State>> changed = new ArrayList<>();
        List<String> forget = new ArrayList<>();
        try (KeyValueIterator<String, State> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, State> kv = it.next();
                Alert a = kv.value.alert();
                long last = a.lastSeen().toEpochMilli();
                Thresholds t = thresholds.apply(a.site());
                if (Alert.ACTIVE.equals(a.status()) && now - last > t.quietMs(a)) {
                    changed.add(KeyValue.pair(kv.key, new State(ended(a), kv.value.emittedScore())));
                } else if (Alert.ENDED.equals(a.status()) && now - last > t.suppressMs(a.type())) {
                    forget.add(kv.key);
                }
            }
        }
        for (KeyValue<String, State> kv : changed) {
            store.put(kv.key, kv.value);
            emit(kv.value.alert(), kv.value.alert().lastSeen().toEpochMilli());
        }
        forget.forEach(store::delete);
    }

    /** The input of {@code site} is complete: end its open episodes and forget them all. */
    public void endSite(String site) {
        List<KeyValue<String, State>> all = new ArrayList<>();
        try (KeyValueIterator<String, State> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, State> kv = it.next();
                if (site.equals(kv.value.alert().site())) all.add(kv);
            }
        }
        for (KeyValue<String, State> kv : all) {
            Alert a = kv.value.alert();
            if (Alert.ACTIVE.equals(a.status())) emit(ended(a), a.lastSeen().toEpochMilli());
            store.delete(kv.key);
        }
    }

    /** Ends one entity's open episode now (e.g. a silent collector that is heard again). */
    public void end(AlertType type, String site, String entity) {
        String key = key(type, site, entity);
        State s = store.get(key);
        if (s == null || !Alert.ACTIVE.equals(s.alert().status())) return;
        Alert a = ended(s.alert());
        store.put(key, new State(a, s.emittedScore()));
        emit(a, a.lastSeen().toEpochMilli());
    }

    /** The open episode's alert as it stands, or null when none is open. */
    public Alert current(AlertType type, String site, String entity) {
        State s = store.get(key(type, site, entity));
        return s != null && Alert.ACTIVE.equals(s.alert().status()) ? s.alert() : null;
    }

    /** An episode's targets grow: every server of the episode, in order of first appearance, up to {@link #MAX_TARGETS}. */
    static List<String> union(List<String> old, List<String> add) {
        if (old == null || old.isEmpty()) return add;
        if (add == null || add.isEmpty() || old.containsAll(add)) return old;
        LinkedHashSet<String> all = new LinkedHashSet<>(old);
        for (String t : add) {
            if (all.size() >= MAX_TARGETS) break;
            all.add(t);
        }
        return List.copyOf(all);
    }

    public boolean isOpen(AlertType type, String site, String entity) {
        State s = store.get(key(type, site, entity));
        return s != null && Alert.ACTIVE.equals(s.alert().status());
    }

    public long allowlisted() {
        return allowlisted;
    }

    private static Alert ended(Alert a) {
        return new Alert(a.v(), a.id(), a.type(), a.severity(), Alert.ENDED, a.site(), a.src(), a.dst(), a.targets(),
                a.firstSeen(), a.lastSeen(), a.raisedAt(), a.detectedAt(), a.score(), a.observed(), a.baseline(),
                a.summary(), a.evidence(), a.attack());
    }

    private void emit(Alert a, long ts) {
        context.forward(new Record<>(a.id(), Emitted.of(a), ts));
    }
}
