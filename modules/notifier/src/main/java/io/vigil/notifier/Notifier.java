package io.vigil.notifier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.DeadLetters;
import io.vigil.model.Json;
import io.vigil.model.JsonSerde;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Severity;
import io.vigil.notifier.channel.Channel;
import io.vigil.notifier.channel.DeliveryException;
import io.vigil.notifier.channel.Notice;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers every committed alert to the channels its routes name, and proves it did.
 *
 * <ul>
 * <li><b>At least once.</b> Each channel has a worker thread that delivers in order and
 *     retries a failure with exponential backoff; offsets are committed only up to the first
 *     alert not yet delivered everywhere, so a crash or restart re-delivers what was pending
 *     (receivers de-duplicate by alert id). After {@code maxAttempts} the alert goes to the
 *     dead-letter topic and every other channel is told the channel is failing.</li>
 * <li><b>Updates are updates.</b> The first record of an alert id is {@code raised}; later ones
 *     are {@code updated} or {@code ended}, and channels for people skip updates.</li>
 * <li><b>Rate limits.</b> A route passes at most N new alerts per window; the rest go out as
 *     one digest when the window closes.</li>
 * <li><b>Escalation.</b> A high or critical alert not acknowledged within the route's time
 *     goes to its escalation channels. Acknowledgements come from {@link AckServer}.</li>
 * <li><b>Audit.</b> Every attempt, digest, dead letter and acknowledgement is a
 *     {@link NotificationAttempt} on {@code vigil.notifications.v1}, with {@code detected_at},
 *     {@code sent_at} and the latency between them.</li>
 * </ul>
 * Known alert ids and acknowledgements are rebuilt from the audit topic at start (the last
 * seven days), so a restart neither re-pages an alert as new nor forgets who acknowledged it.
 */
public final class Notifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    private static final int MAX_PENDING = 20_000;
    private static final Duration MEMORY = Duration.ofDays(7);

    private final NotifierConfig config;
    private final Map<String, Object> clientProps;
    private final Map<String, Channel> channels;
    private final List<Route> routes;
    private final Clock clock;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong workerErrors = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch rebuilt = new CountDownLatch(1);
    /** Alert ids already notified (for raised vs updated). */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    /** Per alert, "channel|version" of every record a channel delivered: what a restart must not send again. */
    private final Map<String, Set<String>> notified = new ConcurrentHashMap<>();
    /** Alert id to who acknowledged it. */
    private final Map<String, String> acks = new ConcurrentHashMap<>();
    private final BlockingQueue<Done> completions = new LinkedBlockingQueue<>();
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> audit;
    private Thread thread;
    private volatile MeterRegistry registry;
    /** The audit topic, followed for other instances' acknowledgements (opened in start, used by the loop). */
    private volatile KafkaConsumer<String, NotificationAttempt> trail;
    /** Offsets committed asynchronously since the last synchronous commit (consumer thread only). */
    private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    private long lastCommit;
    private long lastForget;

    public Notifier(NotifierConfig config, Map<String, Object> clientProps, List<Channel> channels) {
        this(config, clientProps, channels, Clock.systemUTC());
    }

    public Notifier(NotifierConfig config, Map<String, Object> clientProps, List<Channel> channels, Clock clock) {
        this.config = config;
        this.clientProps = new HashMap<>(clientProps);
        this.channels = new LinkedHashMap<>();
        for (Channel c : channels) this.channels.put(c.name(), c);
        this.routes = config.routes().isEmpty() ? List.of(Route.everything(new ArrayList<>(this.channels.keySet())))
                : config.routes();
        this.clock = clock;
    }

    public synchronized Notifier start() {
        if (thread != null) return this;
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "vigil-notifier-audit");
        audit = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        running = true;
        for (Channel c : channels.values()) {
            Worker w = new Worker(c);
            workers.put(c.name(), w);
            w.start();
        }
        thread = new Thread(this::run, "vigil-notifier");
        thread.start();
        return this;
    }

    /** Alert records delivered to every channel they were routed to. */
    public long delivered() {
        return delivered.get();
    }

    public long failedAttempts() {
        return failedAttempts.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /**
     * Counters, per-channel queue depth and failing state, and a latency timer (alert detected
     * to delivered) per channel, for the Prometheus endpoint.
     */
    public void bindMetrics(MeterRegistry r) {
        FunctionCounter.builder("vigil.notifier.alerts.delivered", delivered, AtomicLong::get)
                .description("alert records delivered to every channel they were routed to").register(r);
        FunctionCounter.builder("vigil.notifier.attempts.failed", failedAttempts, AtomicLong::get)
                .description("delivery attempts that failed (each is retried)").register(r);
        FunctionCounter.builder("vigil.notifier.records.invalid", invalid, AtomicLong::get)
                .description("records on the alerts topic that were not valid alerts (sent to the dead-letter topic)")
                .register(r);
        FunctionCounter.builder("vigil.notifier.dead.lettered", deadLettered, AtomicLong::get)
                .description("notices given up after the last attempt and written to the dead-letter topic").register(r);
        FunctionCounter.builder("vigil.notifier.worker.errors", workerErrors, AtomicLong::get)
                .description("notices a channel's worker failed on (dead-lettered; the worker went on)").register(r);
        Gauge.builder("vigil.notifier.down.reasons", this, n -> n.healthReasons().size())
                .description("why health is DOWN, counted (0 when it is not)").register(r);
        for (Worker w : workers.values()) {
            Gauge.builder("vigil.notifier.queue", w.queue, BlockingQueue::size).tag("channel", w.channel.name())
                    .description("notices waiting for this channel").register(r);
            Gauge.builder("vigil.notifier.channel.failing", w, x -> x.failing ? 1 : 0).tag("channel", w.channel.name())
                    .description("1 while the channel's last attempt failed").register(r);
        }
        this.registry = r;
    }

    /** UP while consuming with every channel working, DEGRADED while a channel fails, DOWN when stopped. */
    public String health() {
        if (!healthReasons().isEmpty()) return "DOWN";
        return workers.values().stream().anyMatch(w -> w.failing) ? "DEGRADED" : "UP";
    }

    /** Why the notifier is DOWN (its consumer or a channel's worker is not running); empty when it is not. */
    public List<String> healthReasons() {
        List<String> r = new ArrayList<>();
        if (thread == null || !running) r.add("the notifier is not running");
        else if (!thread.isAlive()) r.add("the consumer thread has stopped");
        for (Worker w : workers.values()) {
            if (thread != null && running && !w.isAlive()) r.add("the worker of channel " + w.channel.name() + " has stopped");
        }
        return r;
    }

    /** Notices a worker failed on (dead-lettered, the worker went on). */
    public long workerErrors() {
        return workerErrors.get();
    }

    /** Names of the channels whose last attempt failed. */
    public List<String> failingChannels() {
        return workers.values().stream().filter(w -> w.failing).map(w -> w.channel.name()).toList();
    }

    /**
     * Records an acknowledgement (from the ack endpoint): stops escalation of the alert and
     * goes to the audit trail. Returns false when the alert id was never notified.
     */
    public boolean acknowledge(String alertId, String who) {
        try {
            // Just after start, wait for what the audit trail says (which alerts exist).
            rebuilt.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!seen.containsKey(alertId)) return false;
        acks.putIfAbsent(alertId, who);
        writeAudit(new NotificationAttempt(NotificationAttempt.VERSION, alertId, null, null, null, null, "ack:" + who,
                "acknowledged", 0, NotificationAttempt.ACKNOWLEDGED, null, null, clock.instant(), 0));
        return true;
    }

    public boolean acknowledged(String alertId) {
        return acks.containsKey(alertId);
    }

    // ---- the consumer loop ----------------------------------------------------------------

    /** One consumed alert and the deliveries it still waits for. */
    private static final class Pending {
        final ConsumerRecord<String, byte[]> record;
        final Alert alert;
        int outstanding;

        Pending(ConsumerRecord<String, byte[]> record, Alert alert) {
            this.record = record;
            this.alert = alert;
        }
    }

    /** A finished delivery (delivered or given up) of one notice to one channel. */
    private record Done(List<Pending> waiting) {}

    /** A route's rate-limit window: when it started, how many passed, what waits for the digest. */
    private static final class Window {
        Instant start;
        int passed;
        final List<Alert> held = new ArrayList<>();
        final List<Pending> waiting = new ArrayList<>();
    }

    private record Escalation(Instant due, Alert alert, Route route) {}

    private void run() {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Only alerts the detector committed: an aborted transaction's alert never pages anyone.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-notifier");
        // What reached whom and what was acknowledged, before the first alert is planned; on
        // this thread so that start() returns at once.
        try {
            rebuild();
        } finally {
            rebuilt.countDown();
        }
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            if (!running) return;
            loop(c);
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("notifier stopped error={}", e.toString(), e);
        } finally {
            if (trail != null) trail.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    private void loop(KafkaConsumer<String, byte[]> c) {
        Map<TopicPartition, ArrayDeque<Pending>> inFlight = new HashMap<>();
        Map<String, Window> windows = new HashMap<>();
        List<Escalation> escalations = new ArrayList<>();
        c.subscribe(List.of(config.topics().alerts()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commit(c, inFlight, true);
                partitions.forEach(inFlight::remove);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
        });
        while (running) {
            int pending = inFlight.values().stream().mapToInt(ArrayDeque::size).sum();
            try {
                if (pending > MAX_PENDING) {
                    c.pause(c.assignment());
                } else {
                    c.resume(c.paused());
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(pending > 0 ? 10 : 100))) {
                    Alert a = parse(r);
                    Pending pe = new Pending(r, a);
                    inFlight.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayDeque<>()).add(pe);
                    if (a != null) plan(pe, windows, escalations);
                }
            } catch (WakeupException e) {
                break;
            }
            Done d;
            while ((d = completions.poll()) != null) {
                for (Pending pe : d.waiting()) {
                    if (--pe.outstanding == 0) delivered.incrementAndGet();
                }
            }
            tailTrail();
            forget();
            flushWindows(windows, false);
            escalate(escalations);
            // Committing is not what makes delivery safe (waiting for it is), so it need not
            // be synchronous or after every poll: at most every 100 ms, asynchronously.
            long now = System.nanoTime();
            if (now - lastCommit > 100_000_000L) {
                lastCommit = now;
                commit(c, inFlight, false);
            }
        }
        flushWindows(windows, true);
        commit(c, inFlight, true);
    }

    /**
     * The alert in a record, or null for a record that is not one (a tombstone is skipped; a
     * record that does not parse or validate goes to the dead-letter topic with the reason).
     * Either way it counts as handled: one bad record must not stop every later alert.
     */
    private Alert parse(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) return null;
        try {
            return JsonSerde.alerts().deserialize(r.topic(), r.value());
        } catch (org.apache.kafka.common.errors.SerializationException e) {
            invalid.incrementAndGet();
            log.error("invalid alert record dead-lettered topic={} partition={} offset={} error={}", r.topic(),
                    r.partition(), r.offset(), e.getMessage());
            deadLetter(DeadLetters.of(config.topics().deadLetter(), r.key() == null ? null : utf8(r.key()), r.value(),
                    r.topic(), r.partition(), r.offset(), "notifier", String.valueOf(e.getMessage())));
            return null;
        }
    }

    /** Records on the alerts topic that were not valid alerts (dead-lettered). */
    public long invalidRecords() {
        return invalid.get();
    }

    /**
     * Forgets alerts not heard of for a week (the audit trail's memory at start too), hourly:
     * a notifier left running for months must not keep every alert id it ever saw.
     */
    private void forget() {
        long now = clock.millis();
        if (now - lastForget < 3_600_000L) return;
        lastForget = now;
        long horizon = now - MEMORY.toMillis();
        seen.values().removeIf(t -> t < horizon);
        acks.keySet().retainAll(seen.keySet());
        notified.keySet().retainAll(seen.keySet());
    }

    /** Decides, for one alert record, which channels get what, and hands the work out. */
    private void plan(Pending pe, Map<String, Window> windows, List<Escalation> escalations) {
        Alert a = pe.alert;
        String event = Alert.ENDED.equals(a.status()) ? "ended" : seen.containsKey(a.id()) ? "updated" : "raised";
        seen.put(a.id(), clock.millis());
        for (Route route : routes) {
            if (!route.matches(a)) continue;
            if ("raised".equals(event) && route.rateLimited()) {
                Window w = windows.computeIfAbsent(route.name(), k -> new Window());
                Instant now = clock.instant();
                if (w.start == null) w.start = now;
                if (w.passed >= route.rateLimit()) {
                    w.held.add(a);
                    w.waiting.add(pe);
                    pe.outstanding++;
                    writeAudit(attempt(a, route.name(), "digest", "raised", 0, NotificationAttempt.DIGESTED, null));
                    continue;
                }
                w.passed++;
            }
            Notice n = Notice.of(event, a, route.name());
            for (String name : route.channels()) dispatch(name, n, List.of(pe));
            if ("raised".equals(event) && route.escalates() && a.severity().atLeast(Severity.HIGH)) {
                escalations.add(new Escalation(clock.instant().plus(route.escalateAfter()), a, route));
            }
        }
        // Nothing to deliver (no route, or only channels that skip this event): handled.
        if (pe.outstanding == 0) delivered.incrementAndGet();
    }

    private void dispatch(String channelName, Notice n, List<Pending> waiting) {
        Worker w = workers.get(channelName);
        if (w == null || !w.channel.wants(n.event()) && !n.isDigest() && !"escalated".equals(n.event())) return;
        // A record this channel already delivered (read again after a crash before the commit): not twice.
        if (!n.isDigest() && alreadyDelivered(n.alert(), channelName)) return;
        for (Pending pe : waiting) pe.outstanding++;
        w.queue.add(new Job(n, waiting));
    }

    private boolean alreadyDelivered(Alert a, String channel) {
        Set<String> done = notified.get(a.id());
        return done != null && done.contains(channel + "|" + NotificationAttempt.versionOf(a));
    }

    private void rememberDelivered(String alertId, String channel, String version) {
        if (version != null) notified.computeIfAbsent(alertId, k -> ConcurrentHashMap.newKeySet()).add(channel + "|" + version);
    }

    /** Sends the digest of every window that has closed (or of all, when stopping). */
    private void flushWindows(Map<String, Window> windows, boolean all) {
        Instant now = clock.instant();
        for (Route route : routes) {
            Window w = windows.get(route.name());
            if (w == null || w.start == null) continue;
            if (!all && now.isBefore(w.start.plus(route.ratePer()))) continue;
            if (!w.held.isEmpty()) {
                Notice digest = Notice.digest(w.held, route.name());
                List<Pending> waiting = new ArrayList<>(w.waiting);
                for (String name : route.channels()) dispatch(name, digest, waiting);
                // The window's own hold on each record ends now; the digest deliveries hold them instead.
                for (Pending pe : waiting) {
                    if (--pe.outstanding == 0) delivered.incrementAndGet();
                }
            }
            windows.remove(route.name());
        }
    }

    private void escalate(List<Escalation> escalations) {
        Instant now = clock.instant();
        for (var it = escalations.iterator(); it.hasNext(); ) {
            Escalation e = it.next();
            if (acks.containsKey(e.alert().id())) {
                it.remove();
                continue;
            }
            if (now.isBefore(e.due())) continue;
            it.remove();
            log.warn("escalating unacknowledged alert={} route={}", e.alert().id(), e.route().name());
            Notice n = Notice.of("escalated", e.alert(), e.route().name());
            for (String name : escalationChannels(e.route())) dispatch(name, n, List.of());
        }
    }

    /** The channels an escalation goes to: each name is a channel, or a route standing for its channels. */
    private List<String> escalationChannels(Route r) {
        List<String> out = new ArrayList<>();
        for (String name : r.escalateTo()) {
            Route target = routes.stream().filter(x -> x.name().equals(name) && !channels.containsKey(name)).findFirst()
                    .orElse(null);
            for (String c : target == null ? List.of(name) : target.channels()) if (!out.contains(c)) out.add(c);
        }
        return out;
    }

    /** Commits, per partition, up to the first record still waiting for a delivery. */
    private void commit(KafkaConsumer<String, byte[]> c, Map<TopicPartition, ArrayDeque<Pending>> inFlight, boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, ArrayDeque<Pending>> e : inFlight.entrySet()) {
            ArrayDeque<Pending> q = e.getValue();
            long next = -1;
            while (!q.isEmpty() && q.peek().outstanding <= 0) next = q.poll().record.offset() + 1;
            if (next >= 0) offsets.put(e.getKey(), new OffsetAndMetadata(next));
        }
        if (offsets.isEmpty()) {
            if (sync && !committed.isEmpty()) commitQuietly(c, Map.of());
            return;
        }
        if (sync) {
            commitQuietly(c, offsets);
        } else {
            c.commitAsync(offsets, (o, ex) -> {
                if (ex != null) log.warn("offset commit failed (the next one covers it) error={}", ex.toString());
            });
            committed.putAll(offsets);
        }
    }

    /** A synchronous commit, which also waits for earlier asynchronous ones. */
    private void commitQuietly(KafkaConsumer<String, byte[]> c, Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            Map<TopicPartition, OffsetAndMetadata> all = new HashMap<>(committed);
            all.putAll(offsets);
            all.keySet().retainAll(c.assignment());
            if (!all.isEmpty()) c.commitSync(all);
            committed.clear();
        } catch (RuntimeException ex) {
            log.warn("offset commit failed error={}", ex.toString());
        }
    }

    // ---- channel workers --------------------------------------------------------------------

    private record Job(Notice notice, List<Pending> waiting) {}

    /** Delivers one channel's notices in order, retrying each until delivered or given up. */
    private final class Worker extends Thread {
        final Channel channel;
        final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
        int consecutiveGiveUps;
        volatile boolean failing;

        Worker(Channel channel) {
            super("vigil-notifier-" + channel.name());
            setDaemon(true);
            this.channel = channel;
        }

        @Override
        public void run() {
            try {
                while (running || !queue.isEmpty()) {
                    Job job = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (job == null) continue;
                    try {
                        deliver(job);
                    } catch (RuntimeException | Error e) {
                        // One notice the notifier cannot handle must not end the channel: it is
                        // dead-lettered with the reason and the worker goes on to the next.
                        crashed(job.notice(), e);
                    }
                    completions.add(new Done(job.waiting()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void crashed(Notice n, Throwable e) {
            workerErrors.incrementAndGet();
            String why = "the notifier failed on this notice: " + e;
            log.error("notice dead-lettered after an error channel={} alert={} error={}", channel.name(),
                    n.alert() == null ? "digest" : n.alert().id(), e.toString());
            List<Alert> lost = n.isDigest() ? n.digest() : List.of(n.alert());
            for (Alert a : lost) {
                try {
                    deadLetter(DeadLetters.of(config.topics().deadLetter(), utf8(a.id()), utf8(Json.write(a)),
                            config.topics().alerts(), -1, -1, "notifier", why));
                } catch (RuntimeException again) {
                    log.error("dead letter not written alert={} error={}", a.id(), again.toString());
                }
            }
        }

        private void deliver(Job job) throws InterruptedException {
            Notice n = job.notice();
            for (int attempt = 1; ; attempt++) {
                try {
                    channel.deliver(n);
                    consecutiveGiveUps = 0;
                    failing = false;
                    audit(n, attempt, NotificationAttempt.DELIVERED, null);
                    return;
                } catch (DeliveryException | RuntimeException e) {
                    failedAttempts.incrementAndGet();
                    failing = true;
                    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    audit(n, attempt, NotificationAttempt.FAILED, why);
                    if (attempt >= config.maxAttempts()) {
                        giveUp(n, attempt, why);
                        return;
                    }
                    long backoff = Math.min(config.maxRetry().toMillis(),
                            config.firstRetry().toMillis() << Math.min(20, attempt - 1));
                    log.warn("delivery failed channel={} alert={} attempt={} retry_in_ms={} error={}", channel.name(),
                            n.alert() == null ? "digest" : n.alert().id(), attempt, backoff, why);
                    long until = System.currentTimeMillis() + backoff;
                    while (System.currentTimeMillis() < until) {
                        if (!running && queue.isEmpty() && System.currentTimeMillis() + 50 < until) {
                            // Stopping: leave it pending (uncommitted); the next start delivers it.
                            throw new InterruptedException("stopping");
                        }
                        Thread.sleep(Math.min(50, Math.max(1, until - System.currentTimeMillis())));
                    }
                }
            }
        }

        private void audit(Notice n, int attempt, String outcome, String error) {
            if (n.isDigest()) {
                for (Alert a : n.digest()) writeAudit(attempt(a, n.route(), channel.name(), "digest", attempt, outcome, error));
            } else if (n.alert().type() != AlertType.CHANNEL_FAILING || !NotificationAttempt.DELIVERED.equals(outcome)) {
                NotificationAttempt a = attempt(n.alert(), n.route(), channel.name(), n.event(), attempt, outcome, error);
                writeAudit(a);
                if (NotificationAttempt.DELIVERED.equals(outcome)) rememberDelivered(a.alertId(), a.channel(), a.alertVersion());
                MeterRegistry r = registry;
                if (r != null && NotificationAttempt.DELIVERED.equals(outcome) && "raised".equals(n.event())) {
                    Timer.builder("vigil.notifier.latency").tag("channel", channel.name())
                            .description("alert detected to notice delivered, for raised alerts")
                            .publishPercentiles(0.5, 0.99).register(r).record(Duration.ofMillis(a.latencyMs()));
                }
            }
        }

        /** Dead-letters the notice and tells every other channel this one is failing. */
        private void giveUp(Notice n, int attempts, String why) {
            deadLettered.incrementAndGet();
            List<Alert> lost = n.isDigest() ? n.digest() : List.of(n.alert());
            for (Alert a : lost) {
                deadLetter(DeadLetters.of(config.topics().deadLetter(), utf8(a.id()), utf8(Json.write(a)),
                        config.topics().alerts(), -1, -1, "notifier",
                        "channel " + channel.name() + " failed " + attempts + " times: " + why));
                writeAudit(attempt(a, n.route(), channel.name(), n.event(), attempts, NotificationAttempt.DEAD_LETTERED, why));
            }
            log.error("channel failing, alert dead-lettered channel={} attempts={} error={}", channel.name(), attempts, why);
            if (n.alert() != null && n.alert().type() == AlertType.CHANNEL_FAILING) return;
            if (++consecutiveGiveUps > 1) return; // told once until it recovers
            Instant now = clock.instant();
            Alert failing = new Alert(Alert.VERSION, UUID.nameUUIDFromBytes(("channel_failing|" + channel.name() + "|"
                    + now.toEpochMilli() / 3_600_000).getBytes(StandardCharsets.UTF_8)).toString(), AlertType.CHANNEL_FAILING,
                    Severity.HIGH, Alert.ACTIVE, lost.get(0).site(), channel.name(), null, List.of(), now, now, now, now, 1,
                    attempts, null, "Notification channel " + channel.name() + " failed " + attempts + " attempts in a row ("
                    + why + "); alerts for it are in the dead-letter topic until it is fixed.", Map.of("channel",
                    channel.name(), "last_error", why), List.of());
            for (Worker other : workers.values()) {
                if (other != this) other.queue.add(new Job(Notice.of("raised", failing, "channel-health"), List.of()));
            }
        }
    }

    /** Sends a dead letter with the audit trail's producer (its keys are text). */
    private void deadLetter(ProducerRecord<byte[], byte[]> r) {
        KafkaProducer<String, byte[]> p = audit;
        if (p == null) return;
        p.send(new ProducerRecord<>(r.topic(), null, null, r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                r.value(), r.headers()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private NotificationAttempt attempt(Alert a, String route, String channel, String event, int attempt, String outcome,
                                        String error) {
        Instant sent = clock.instant();
        Instant detected = a.detectedAt();
        long latency;
        try {
            latency = detected == null ? 0 : Duration.between(detected, sent).toMillis();
        } catch (ArithmeticException e) {
            latency = -1; // a time no clock gives (the edge refuses those; this is the last guard)
        }
        return new NotificationAttempt(NotificationAttempt.VERSION, a.id(), a.type().wire(), a.severity().wire(), a.site(),
                route, channel, event, attempt, outcome, error, detected, sent, latency, NotificationAttempt.versionOf(a));
    }

    private void writeAudit(NotificationAttempt n) {
        KafkaProducer<String, byte[]> p = audit;
        if (p == null) return;
        p.send(new ProducerRecord<>(config.topics().notifications(), n.alertId(),
                JsonSerde.notifications().serialize(config.topics().notifications(), n)), (md, e) -> {
                    if (e != null) log.warn("audit record not written alert={} error={}", n.alertId(), e.toString());
                });
    }

    /** Reads the last week of the audit trail: which alerts were notified and which acknowledged. */
    private void rebuild() {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-notifier-trail");
        KafkaConsumer<String, NotificationAttempt> c = new KafkaConsumer<>(p, new StringDeserializer(), AuditTrail.lenient());
        try {
            List<TopicPartition> tps = c.partitionsFor(config.topics().notifications(), Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            if (tps.isEmpty()) {
                c.close();
                return;
            }
            c.assign(tps);
            Map<TopicPartition, Long> since = new HashMap<>();
            long from = clock.millis() - MEMORY.toMillis();
            tps.forEach(tp -> since.put(tp, from));
            var starts = c.offsetsForTimes(since);
            Map<TopicPartition, Long> ends = c.endOffsets(tps);
            for (TopicPartition tp : tps) {
                var o = starts.get(tp);
                c.seek(tp, o == null ? ends.get(tp) : o.offset());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (running && tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                learn(c.poll(Duration.ofMillis(200)));
            }
            if (!seen.isEmpty()) log.info("notifier remembers alerts={} acknowledged={}", seen.size(), acks.size());
            // Kept open and tailed by the consumer loop: an acknowledgement taken by another
            // instance (behind a load balancer) must stop this instance's escalation too.
            trail = c;
        } catch (RuntimeException e) {
            log.warn("cannot read the audit trail; every alert will count as new error={}", e.toString());
            c.close();
        }
    }

    private void learn(Iterable<ConsumerRecord<String, NotificationAttempt>> records) {
        long horizon = clock.millis() - MEMORY.toMillis();
        for (ConsumerRecord<String, NotificationAttempt> r : records) {
            NotificationAttempt n = r.value();
            if (n == null) continue;
            if (n.sentAt() != null && n.sentAt().toEpochMilli() < horizon) continue; // forgotten already
            if (NotificationAttempt.ACKNOWLEDGED.equals(n.outcome())) {
                acks.putIfAbsent(n.alertId(), n.channel());
            } else if (!NotificationAttempt.FAILED.equals(n.outcome())) {
                // Only an alert that reached someone is known: one that merely failed
                // must come back as "raised", or channels for people would skip it.
                seen.put(n.alertId(), n.sentAt() == null ? clock.millis() : n.sentAt().toEpochMilli());
                if (NotificationAttempt.DELIVERED.equals(n.outcome())) rememberDelivered(n.alertId(), n.channel(), n.alertVersion());
            }
        }
    }

    /** New audit records from every instance, without waiting (consumer thread only). */
    private void tailTrail() {
        KafkaConsumer<String, NotificationAttempt> t = trail;
        if (t == null) return;
        try {
            learn(t.poll(Duration.ZERO));
        } catch (RuntimeException e) {
            log.warn("cannot follow the audit trail; acknowledgements taken by other instances are not seen error={}",
                    e.toString());
            t.close();
            trail = null;
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) c.wakeup();
        if (thread != null) {
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Workers finish what is queued (the last digests) unless a channel is down, then stop;
        // whatever they did not deliver stays uncommitted and the next start delivers it.
        long until = System.currentTimeMillis() + 5_000;
        for (Worker w : workers.values()) {
            try {
                w.join(Math.max(1, until - System.currentTimeMillis()));
                if (w.isAlive()) {
                    w.interrupt();
                    w.join(1_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        channels.values().forEach(Channel::close);
        if (audit != null) audit.close(Duration.ofSeconds(10));
    }
}
