package io.vigil.notifier;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.model.Alert;
import io.vigil.model.DeadLetters;
import io.vigil.model.Lifecycle;
import io.vigil.model.NotificationAttempt;
import io.vigil.notifier.channel.Channel;
import io.vigil.notifier.channel.Notice;
import io.vigil.runtime.TopicReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
 * What people decided in the console is read from its topics ({@link Decisions}): a suppression
 * in force withholds the notices of the alerts it matches, and an alert acknowledged or closed
 * there is not escalated.
 *
 * <p>Its parts: this class holds the consumer; {@link InFlight} is its commit rule; {@link Router} decides who
 * hears of each record (rate windows, digests, escalation); {@link ChannelWorker} delivers one channel's notices with
 * retries; {@link AlertMemory} is what is known of alerts, from the audit trail;
 * {@link AuditWriter} writes the trail and the dead letters. All of them read one clock.
 */
public final class Notifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    private static final int MAX_PENDING = 20_000;

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
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicLong invalidDecisions = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch rebuilt = new CountDownLatch(1);
    private final AlertMemory memory;
    private final BlockingQueue<Done> completions = new LinkedBlockingQueue<>();
    private final Map<String, ChannelWorker> workers = new LinkedHashMap<>();
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private AuditWriter audit;
    private volatile Decisions decisions;
    private Thread thread;
    private volatile MeterRegistry registry;

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
        this.memory = new AlertMemory(clock);
    }

    public synchronized Notifier start() {
        if (thread != null) return this;
        audit = new AuditWriter(clientProps, config.topics(), clock);
        running = true;
        ChannelWorker.Counters counters = new ChannelWorker.Counters(failedAttempts, deadLettered, workerErrors);
        for (Channel c : channels.values()) {
            workers.put(c.name(), new ChannelWorker(c, config, clock, () -> running, audit, memory, counters, () -> registry,
                    failing -> tellOthers(c.name(), failing)));
        }
        workers.values().forEach(Thread::start);
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

    /** Counters, queue depths, failing channels and delivery latency for the Prometheus endpoint. */
    public void bindMetrics(MeterRegistry r) {
        NotifierMetrics.bind(r, this, delivered, failedAttempts, invalid, deadLettered, workerErrors, workers.values());
        NotifierMetrics.bindDecisions(r, suppressed, invalidDecisions, this::suppressionsInForce);
        this.registry = r;
    }

    /** The topic it delivers. */
    public String alertsTopic() {
        return config.topics().alerts();
    }

    public int channelCount() {
        return channels.size();
    }

    /** Why the notifier is DOWN (its consumer or a channel's worker is not running); empty when it is not. */
    public List<String> healthReasons() {
        List<String> r = new ArrayList<>();
        if (thread == null || !running) r.add("the notifier is not running");
        else if (!thread.isAlive()) r.add("the consumer thread has stopped");
        for (ChannelWorker w : workers.values()) {
            if (thread != null && running && !w.isAlive()) r.add("the worker of channel " + w.channel.name() + " has stopped");
        }
        return r;
    }

    /** Alert records a suppression held back (each is in the audit trail as suppressed). */
    public long suppressed() {
        return suppressed.get();
    }

    /** Suppressions in force now, as this notifier knows them (0 before it has read them). */
    public long suppressionsInForce() {
        Decisions d = decisions;
        return d == null ? 0 : d.inForce();
    }

    /** Suppression and triage records that could not be read (dead-lettered). */
    public long invalidDecisions() {
        return invalidDecisions.get();
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
        if (!known(alertId)) return false;
        memory.acknowledge(alertId, who);
        audit.acknowledgement(alertId, who);
        return true;
    }

    public boolean acknowledged(String alertId) {
        return memory.acknowledged(alertId);
    }

    /** Whether the alert was ever routed here (from the audit trail, so also before a restart). */
    public boolean known(String alertId) {
        awaitRebuilt();
        return memory.known(alertId);
    }

    private void awaitRebuilt() {
        try {
            // Just after start, wait for what the audit trail says (which alerts exist).
            rebuilt.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A channel gave up: every other channel hears of it. */
    private void tellOthers(String failing, Notice n) {
        for (ChannelWorker w : workers.values()) {
            if (!w.channel.name().equals(failing)) w.queue.add(new ChannelWorker.Job(n, () -> {}));
        }
    }

    // ---- the consumer loop ----------------------------------------------------------------

    /** A finished delivery (delivered or given up) of one notice to one channel. */
    private record Done(List<Pending> waiting) {}

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
        Decisions d = new Decisions(config.topics(), clock, memory, audit, invalidDecisions);
        try {
            memory.rebuild(clientProps, config.topics().notifications(), () -> running);
            // Suppressions before the first alert: one made before a restart holds after it.
            decisions = d;
            d.open(clientProps, () -> running);
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
            memory.close();
            d.close();
            stopped.countDown();
        }
    }

    private void loop(KafkaConsumer<String, byte[]> c) {
        InFlight inFlight = new InFlight();
        Decisions decided = decisions;
        Router router = new Router(routes, channels.keySet(), config, decided, suppressed, memory, audit, clock, delivered,
                this::dispatch);
        c.subscribe(List.of(config.topics().alerts()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                inFlight.revoke(c, partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
        });
        while (running) {
            int pending = inFlight.size();
            try {
                if (pending > MAX_PENDING) {
                    c.pause(c.assignment());
                } else {
                    c.resume(c.paused());
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(pending > 0 ? 10 : 100))) {
                    Alert a = parse(r);
                    Pending pe = new Pending(r, a);
                    inFlight.add(pe);
                    if (a != null) router.plan(pe);
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
            memory.follow();
            decided.follow();
            memory.forget();
            router.flush(false);
            router.escalate();
            router.announceEnding();
            inFlight.maybeCommit(c);
        }
        router.flush(true);
        inFlight.commit(c, true);
    }

    /**
     * The alert in a record, or null for a record that is not one (a tombstone is skipped; a
     * record that does not parse or validate goes to the dead-letter topic with the reason).
     * Either way it counts as handled: one bad record must not stop every later alert.
     */
    private Alert parse(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) return null;
        try {
            return config.topics().alertRecords().value(r.value());
        } catch (SerializationException e) {
            invalid.incrementAndGet();
            log.error("invalid alert record dead-lettered topic={} partition={} offset={} error={}", r.topic(),
                    r.partition(), r.offset(), e.getMessage());
            audit.deadLetter(DeadLetters.of(config.topics().deadLetter(), r.key() == null ? null : AuditWriter.utf8(r.key()),
                    r.value(), r.topic(), r.partition(), r.offset(), "notifier", String.valueOf(e.getMessage())));
            return null;
        }
    }

    /** Records on the alerts topic that were not valid alerts (dead-lettered). */
    public long invalidRecords() {
        return invalid.get();
    }

    /** Hands a notice to a channel's worker, unless the channel skips it or already delivered this record. */
    private void dispatch(String channelName, Notice n, List<Pending> waiting) {
        ChannelWorker w = workers.get(channelName);
        if (w == null || !w.channel.wants(n.event()) && !n.isDigest() && !Lifecycle.ESCALATED.is(n.event())) return;
        // A record this channel already delivered (read again after a crash before the commit): not twice.
        if (!n.isDigest() && memory.delivered(n.alert(), channelName)) return;
        for (Pending pe : waiting) pe.outstanding++;
        w.queue.add(new ChannelWorker.Job(n, () -> completions.add(new Done(waiting))));
    }

    @Override
    public void close() {
        running = false;
        TopicReader.wakeup(consumer);
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
        for (ChannelWorker w : workers.values()) {
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
        if (audit != null) audit.close();
    }
}
