package io.vigil.console.view;

import io.vigil.model.Topics;
import io.vigil.runtime.Backoff;
import io.vigil.runtime.TopicReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the topics the view is made of and keeps reading them: alerts, triage and suppressions
 * from their start, the notification audit for as long as alerts stay in view, heartbeats for
 * a day. No consumer group: every console instance reads everything (the view is the whole
 * picture, not a share of it), and a new one is ready once it has read to the ends the topics
 * had when it started. A record it cannot read is counted and skipped — the role that writes
 * each topic dead-letters its bad records already, and the console only looks. If Kafka goes
 * away the thread keeps trying, and {@link #problem()} says so for the health check.
 */
public final class Feed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Feed.class);

    private final Map<String, Object> clientProps;
    private final Topics topics;
    private final AlertView view;
    private final Clock clock;
    private final Duration keep;
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private volatile boolean running;
    private volatile boolean ready;
    private volatile String problem;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public Feed(Map<String, Object> clientProps, Topics topics, AlertView view, Clock clock, Duration keep) {
        this.clientProps = new HashMap<>(clientProps);
        this.topics = topics;
        this.view = view;
        this.clock = clock;
        this.keep = keep;
    }

    public synchronized Feed start() {
        if (thread != null) return this;
        running = true;
        thread = new Thread(this::run, "vigil-console-feed");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Whether the view holds everything the topics held when the console started. */
    public boolean ready() {
        return ready;
    }

    /** Why the view is not following the topics, or null while it is. */
    public String problem() {
        if (thread != null && running && !thread.isAlive()) return "the feed thread has stopped";
        return problem;
    }

    public long unreadable() {
        return unreadable.get();
    }

    public long records() {
        return records.get();
    }

    private void run() {
        Backoff backoff = new Backoff(500, 30_000);
        while (running) {
            try {
                follow();
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                problem = "cannot read the topics: " + e.getMessage();
                long pause = backoff.next();
                log.warn("console feed failed; trying again in {} ms error={}", pause, e.toString());
                Backoff.sleep(pause);
            }
        }
    }

    private void follow() {
        Map<String, Object> p = TopicReader.readerProps(clientProps, "vigil-console");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            if (!running) return;
            List<TopicPartition> tps = new ArrayList<>();
            Map<TopicPartition, Long> since = new HashMap<>();
            long now = clock.millis();
            assign(c, topics.alerts(), 0, tps, since);
            assign(c, topics.triage(), 0, tps, since);
            assign(c, topics.suppressions(), 0, tps, since);
            assign(c, topics.notifications(), now - keep.toMillis(), tps, since);
            assign(c, topics.heartbeats(), now - Heartbeats.KEPT.toMillis(), tps, since);
            c.assign(tps);
            Map<TopicPartition, Long> ends = TopicReader.seekToTimes(c, since, Duration.ofSeconds(30));
            problem = null;
            long readFrom = System.nanoTime();
            while (running) {
                ConsumerRecords<String, byte[]> batch = c.poll(Duration.ofMillis(ready ? 200 : 50));
                if (!batch.isEmpty()) apply(batch);
                if (!ready && tps.stream().allMatch(tp -> c.position(tp) >= ends.get(tp))) {
                    ready = true;
                    log.info("console view ready alerts={} records={} seconds={}", view.size(), records.get(),
                            String.format("%.1f", (System.nanoTime() - readFrom) / 1e9));
                }
            }
        } finally {
            consumer = null;
        }
    }

    private static void assign(KafkaConsumer<String, byte[]> c, String topic, long since, List<TopicPartition> tps,
                               Map<TopicPartition, Long> starts) {
        var infos = c.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) throw new IllegalStateException("topic " + topic + " does not exist");
        infos.forEach(i -> {
            TopicPartition tp = new TopicPartition(i.topic(), i.partition());
            tps.add(tp);
            starts.put(tp, since);
        });
    }

    private void apply(ConsumerRecords<String, byte[]> batch) {
        view.write(w -> {
            for (ConsumerRecord<String, byte[]> r : batch) {
                records.incrementAndGet();
                try {
                    String t = r.topic();
                    if (t.equals(topics.suppressions())) {
                        w.suppression(r.key(), r.value() == null ? null : topics.suppressionRecords().value(r.value()));
                    } else if (r.value() == null) {
                        continue; // a tombstone on an append-only topic: nothing to show
                    } else if (t.equals(topics.alerts())) {
                        w.alert(topics.alertRecords().value(r.value()), r.timestamp());
                    } else if (t.equals(topics.triage())) {
                        w.triage(topics.triageRecords().value(r.value()));
                    } else if (t.equals(topics.notifications())) {
                        w.notice(topics.notificationRecords().value(r.value()));
                    } else if (t.equals(topics.heartbeats())) {
                        w.heartbeat(topics.heartbeatRecords().value(r.value()));
                    }
                } catch (SerializationException e) {
                    if (unreadable.incrementAndGet() <= 10 || unreadable.get() % 1000 == 0) {
                        log.warn("unreadable record skipped topic={} partition={} offset={} skipped_so_far={} error={}",
                                r.topic(), r.partition(), r.offset(), unreadable.get(), e.getMessage());
                    }
                }
            }
        });
    }

    /** Stops following: the consumer is woken from its poll and the thread given ten seconds to end. */
    @Override
    public void close() {
        running = false;
        TopicReader.wakeup(consumer);
        Thread t = thread;
        if (t == null) return;
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
