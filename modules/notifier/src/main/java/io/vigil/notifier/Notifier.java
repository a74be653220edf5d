package io.vigil.notifier;

import io.vigil.model.Alert;
import io.vigil.model.JsonSerde;
import io.vigil.notifier.channel.Channel;
import io.vigil.notifier.channel.DeliveryException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers every committed alert to every channel, in order per partition. A failed delivery
 * is retried with exponential backoff until it succeeds; meanwhile the partitions are paused
 * (so the consumer stays in its group) and nothing past the failing alert is committed. A
 * crash therefore re-delivers at most what was delivered but not yet committed: at least
 * once, and receivers de-duplicate by alert id.
 */
public final class Notifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    private static final int SEEN_IDS = 100_000;

    private final NotifierConfig config;
    private final Map<String, Object> consumerProps;
    private final List<Channel> channels;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SEEN_IDS;
        }
    };
    private volatile boolean running;
    private volatile KafkaConsumer<String, Alert> consumer;
    private Thread thread;

    public Notifier(NotifierConfig config, Map<String, Object> clientProps, List<Channel> channels) {
        this.config = config;
        this.channels = List.copyOf(channels);
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Only alerts the detector committed: an aborted transaction's alert never pages anyone.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-notifier");
        this.consumerProps = p;
    }

    public synchronized Notifier start() {
        if (thread != null) return this;
        running = true;
        thread = new Thread(this::run, "vigil-notifier");
        thread.start();
        return this;
    }

    /** Alerts delivered to every channel so far. */
    public long delivered() {
        return delivered.get();
    }

    public long failedAttempts() {
        return failedAttempts.get();
    }

    private void run() {
        try (KafkaConsumer<String, Alert> c = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                JsonSerde.alerts())) {
            consumer = c;
            loop(c);
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("notifier stopped error={}", e.toString(), e);
        } finally {
            stopped.countDown();
        }
    }

    /** A record still to deliver, with the channels it has reached and when to try again. */
    private static final class Pending {
        final ConsumerRecord<String, Alert> record;
        final Set<String> done = new HashSet<>();
        int attempts;
        long nextAttemptNanos;

        Pending(ConsumerRecord<String, Alert> record) {
            this.record = record;
        }
    }

    private void loop(KafkaConsumer<String, Alert> c) {
        ArrayDeque<Pending> pending = new ArrayDeque<>();
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        c.subscribe(List.of(config.topics().alerts()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commit(c, toCommit);
                pending.removeIf(p -> partitions.contains(new TopicPartition(p.record.topic(), p.record.partition())));
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
        });
        while (running) {
            try {
                if (pending.isEmpty()) {
                    c.resume(c.assignment());
                    for (ConsumerRecord<String, Alert> r : c.poll(Duration.ofMillis(200))) pending.add(new Pending(r));
                } else {
                    // Keep group membership while a channel is down; fetch nothing new meanwhile.
                    c.pause(c.assignment());
                    c.poll(Duration.ZERO);
                }
            } catch (WakeupException e) {
                break;
            }
            while (running && !pending.isEmpty()) {
                Pending head = pending.peek();
                if (System.nanoTime() < head.nextAttemptNanos) {
                    sleepBriefly(head.nextAttemptNanos);
                    break;
                }
                if (!attempt(head)) break;
                pending.poll();
                delivered.incrementAndGet();
                toCommit.put(new TopicPartition(head.record.topic(), head.record.partition()),
                        new OffsetAndMetadata(head.record.offset() + 1));
            }
            if (!toCommit.isEmpty() && pending.isEmpty()) commit(c, toCommit);
        }
        commit(c, toCommit);
    }

    /** Tries every channel not yet reached; true when all have it. */
    private boolean attempt(Pending p) {
        Alert a = p.record.value();
        if (a == null) return true;
        String event = Alert.ENDED.equals(a.status()) ? "ended" : seen.containsKey(a.id()) ? "updated" : "raised";
        boolean all = true;
        for (Channel ch : channels) {
            if (p.done.contains(ch.name())) continue;
            try {
                ch.deliver(a, event);
                p.done.add(ch.name());
            } catch (DeliveryException | RuntimeException e) {
                all = false;
                failedAttempts.incrementAndGet();
                p.attempts++;
                long backoff = Math.min(config.maxRetry().toNanos(),
                        config.firstRetry().toNanos() << Math.min(20, p.attempts - 1));
                p.nextAttemptNanos = System.nanoTime() + backoff;
                log.warn("delivery failed alert={} channel={} attempt={} retry_in_ms={} error={}", a.id(), ch.name(),
                        p.attempts, backoff / 1_000_000, e.getMessage());
            }
        }
        if (all) seen.put(a.id(), Boolean.TRUE);
        return all;
    }

    private void sleepBriefly(long untilNanos) {
        long ms = Math.max(1, Math.min(100, (untilNanos - System.nanoTime()) / 1_000_000));
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static void commit(KafkaConsumer<String, Alert> c, Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) return;
        try {
            c.commitSync(new HashMap<>(offsets));
            offsets.clear();
        } catch (RuntimeException e) {
            log.warn("offset commit failed error={}", e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, Alert> c = consumer;
        if (c != null) c.wakeup();
        Thread t = thread;
        if (t != null) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        channels.forEach(Channel::close);
    }
}
