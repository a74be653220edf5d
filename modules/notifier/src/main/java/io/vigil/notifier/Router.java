package io.vigil.notifier;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Lifecycle;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Severity;
import io.vigil.model.Suppression;
import io.vigil.notifier.channel.Notice;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who hears of each alert record: nobody, when a suppression in force matches it (the
 * audit trail says which); otherwise the routes it matches and their channels, a route's rate
 * limit (past N new alerts in a window, the rest wait for one digest when it closes), and
 * escalation (a high or critical alert nobody acknowledged in time goes to the route's
 * escalation channels). Every notice links to the alert's page in the console when one is
 * set. Consumer thread only.
 */
final class Router {

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    /** Hands a notice to a channel for the records waiting on it. */
    @FunctionalInterface
    interface Dispatch {
        void to(String channel, Notice notice, List<Pending> waiting);
    }

    /** A route's rate-limit window: when it started, how many passed, what waits for the digest. */
    private static final class Window {
        Instant start;
        int passed;
        final List<Alert> held = new ArrayList<>();
        final List<Pending> waiting = new ArrayList<>();
    }

    private record Escalation(Instant due, Alert alert, Route route) {}

    private final List<Route> routes;
    private final Set<String> channels;
    private final NotifierConfig config;
    private final Decisions decisions;
    private final AtomicLong suppressed;
    private final AlertMemory memory;
    private final AuditWriter audit;
    private final Clock clock;
    private final AtomicLong delivered;
    private final Dispatch dispatch;
    private final Map<String, Window> windows = new HashMap<>();
    private final List<Escalation> escalations = new ArrayList<>();

    Router(List<Route> routes, Set<String> channels, NotifierConfig config, Decisions decisions, AtomicLong suppressed,
           AlertMemory memory, AuditWriter audit, Clock clock, AtomicLong delivered, Dispatch dispatch) {
        this.routes = routes;
        this.channels = channels;
        this.config = config;
        this.decisions = decisions;
        this.suppressed = suppressed;
        this.memory = memory;
        this.audit = audit;
        this.clock = clock;
        this.delivered = delivered;
        this.dispatch = dispatch;
    }

    /** Which channels get what for one alert record; a record nobody is to hear of is handled at once. */
    void plan(Pending pe) {
        Alert a = pe.alert;
        if (withheld(a, Alert.ENDED.equals(a.status()) ? Lifecycle.ENDED : Lifecycle.RAISED)) {
            if (pe.outstanding == 0) delivered.incrementAndGet();
            return;
        }
        Lifecycle event = memory.eventFor(a);
        for (Route route : routes) {
            if (!route.matches(a)) continue;
            if (event == Lifecycle.RAISED && route.rateLimited()) {
                Window w = windows.computeIfAbsent(route.name(), k -> new Window());
                if (w.start == null) w.start = clock.instant();
                if (w.passed >= route.rateLimit()) {
                    w.held.add(a);
                    w.waiting.add(pe);
                    pe.outstanding++;
                    audit.write(audit.attempt(a, route.name(), Lifecycle.DIGEST.wire(), event.wire(), 0,
                            NotificationAttempt.DIGESTED, null));
                    continue;
                }
                w.passed++;
            }
            Notice n = Notice.of(event.wire(), a, route.name()).linked(config.linkTo(a.id()));
            for (String name : route.channels()) dispatch.to(name, n, List.of(pe));
            if (event == Lifecycle.RAISED && route.escalates() && a.severity().atLeast(Severity.HIGH)) {
                escalations.add(new Escalation(clock.instant().plus(route.escalateAfter()), a, route));
            }
        }
        if (pe.outstanding == 0) delivered.incrementAndGet();
    }

    /** Sends the digest of every window that has closed (or of all, when stopping). */
    void flush(boolean all) {
        Instant now = clock.instant();
        for (Route route : routes) {
            Window w = windows.get(route.name());
            if (w == null || w.start == null) continue;
            if (!all && now.isBefore(w.start.plus(route.ratePer()))) continue;
            if (!w.held.isEmpty()) {
                Notice digest = Notice.digest(w.held, route.name()).linked(config.queueLink());
                List<Pending> waiting = new ArrayList<>(w.waiting);
                for (String name : route.channels()) dispatch.to(name, digest, waiting);
                // The window's own hold on each record ends now; the digest deliveries hold them instead.
                for (Pending pe : waiting) {
                    if (--pe.outstanding == 0) delivered.incrementAndGet();
                }
            }
            windows.remove(route.name());
        }
    }

    /**
     * Tells every channel, once, of each suppression that ends within a day: a notice of type
     * {@code suppression_expiring} with the suppression's page, so its owner can renew it before
     * the alerts it holds back are notified again. Its id is made from the suppression and its
     * expiry, so the notice of one expiry has one id.
     */
    void announceEnding() {
        for (Suppression s : decisions.endingSoon()) {
            Instant now = clock.instant();
            String id = UUID.nameUUIDFromBytes(("suppression_expiring|" + s.id() + "|" + s.expiresAt().toEpochMilli())
                    .getBytes(StandardCharsets.UTF_8)).toString();
            if (memory.known(id)) continue; // another instance, or this one before a restart, told them
            long hours = Math.max(0, Duration.between(now, s.expiresAt()).toHours());
            Alert a = new Alert(Alert.VERSION, id, AlertType.SUPPRESSION_EXPIRING, Severity.LOW, Alert.ACTIVE,
                    s.scope().site(), null, null, List.of(), now, now, now, now, 0, hours, null,
                    "Suppression " + s.id() + " (" + s.scope().describe() + "; " + s.reason() + "; owner " + s.owner()
                            + ") ends at " + s.expiresAt() + ": the alerts it holds back will be notified again. Renew it in "
                            + "the console if it is still needed.",
                    Map.of("suppression", s.id(), "owner", s.owner(), "expires_at", s.expiresAt().toString()), List.of());
            memory.eventFor(a);
            Notice n = Notice.of(Lifecycle.RAISED.wire(), a, "suppressions")
                    .linked(config.queueLink() == null ? null : config.queueLink() + "suppressions/" + s.id());
            for (String name : channels) dispatch.to(name, n, List.of());
        }
    }

    /** Escalates what is due and not acknowledged; forgets what was acknowledged. */
    void escalate() {
        Instant now = clock.instant();
        for (var it = escalations.iterator(); it.hasNext(); ) {
            Escalation e = it.next();
            if (memory.acknowledged(e.alert().id())) {
                it.remove();
                continue;
            }
            if (now.isBefore(e.due())) continue;
            it.remove();
            if (withheld(e.alert(), Lifecycle.ESCALATED)) continue;
            log.warn("escalating unacknowledged alert={} route={}", e.alert().id(), e.route().name());
            Notice n = Notice.of(Lifecycle.ESCALATED.wire(), e.alert(), e.route().name()).linked(config.linkTo(e.alert().id()));
            for (String name : escalationChannels(e.route())) dispatch.to(name, n, List.of());
        }
    }

    /**
     * Whether a suppression in force matches {@code a}: then nobody hears of it, and the audit
     * trail has one record saying which suppression held back which event. The alert stays
     * unknown to the memory, so once the suppression ends its next record is news again.
     */
    private boolean withheld(Alert a, Lifecycle event) {
        Suppression s = decisions.suppressing(a);
        if (s == null) return false;
        suppressed.incrementAndGet();
        audit.write(audit.suppressed(a, event.wire(), s.id()));
        log.info("alert suppressed alert={} suppression={}", a.id(), s.id());
        return true;
    }

    /** The channels an escalation goes to: each name is a channel, or a route standing for its channels. */
    private List<String> escalationChannels(Route r) {
        List<String> out = new ArrayList<>();
        for (String name : r.escalateTo()) {
            Route target = routes.stream().filter(x -> x.name().equals(name) && !channels.contains(name)).findFirst()
                    .orElse(null);
            for (String c : target == null ? List.of(name) : target.channels()) if (!out.contains(c)) out.add(c);
        }
        return out;
    }
}
