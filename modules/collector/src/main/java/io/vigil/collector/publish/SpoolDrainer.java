package io.vigil.collector.publish;

import io.vigil.collector.spool.Spool;
import io.vigil.runtime.Backoff;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the spool to Kafka, in order, on a thread of its own, and removes what Kafka
 * acknowledged: a batch at a time, backing off (up to 10 s) while nothing goes through.
 * An error of the spool's disk does not end it: it is logged, said by {@link #failure()} (the
 * collector's health is DOWN then, as flows are stuck on disk) and tried again.
 */
final class SpoolDrainer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpoolDrainer.class);
    private static final int BATCH = 1000;

    private final Spool spool;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicLong sent;
    private final Runnable whenEmpty;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String failure;
    /** Entries of the spool head already delivered (absolute index), when a batch half failed. */
    private final Set<Long> deliveredAhead = new HashSet<>();
    private long removedFromSpool;

    /**
     * @param sent counts what Kafka acknowledged
     * @param whenEmpty called (on the drainer's thread) each time it finds the spool empty
     */
    SpoolDrainer(Spool spool, KafkaProducer<byte[], byte[]> producer, String topic, AtomicLong sent, Runnable whenEmpty) {
        this.spool = spool;
        this.producer = producer;
        this.topic = topic;
        this.sent = sent;
        this.whenEmpty = whenEmpty;
        this.thread = new Thread(this::run, "vigil-spool-drainer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Why the spool cannot be drained now, or null. */
    String failure() {
        String f = failure;
        return f == null && !thread.isAlive() && running ? "the spool drainer has stopped" : f;
    }

    private void run() {
        long backoff = 100;
        while (running) {
            try {
                backoff = drainOnce(backoff);
                failure = null;
            } catch (Throwable e) {
                // a disk error (or worse) must not end the drainer: flows would stay on disk, unseen
                if (failure == null) log.error("the spool cannot be drained; tried again every 10 s error={}", e.toString());
                failure = "the spool cannot be drained: " + e;
                backoff = 10_000;
                Backoff.sleep(backoff);
            }
        }
    }

    /** One batch; returns how long to wait before the next. */
    private long drainOnce(long backoff) {
        if (spool.isEmpty()) {
            whenEmpty.run();
            Backoff.sleep(50);
            return backoff;
        }
        List<Spool.Entry> batch = spool.peek(BATCH);
        List<Future<RecordMetadata>> futures = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Spool.Entry e = batch.get(i);
            futures.add(deliveredAhead.contains(removedFromSpool + i) ? null : send(e));
        }
        int prefix = 0;
        boolean prefixIntact = true;
        for (int i = 0; i < futures.size(); i++) {
            boolean ok = futures.get(i) == null || succeeded(futures.get(i));
            if (ok && prefixIntact) {
                prefix++;
            } else if (ok) {
                deliveredAhead.add(removedFromSpool + i);
            } else {
                prefixIntact = false;
            }
        }
        if (prefix == 0) {
            Backoff.sleep(backoff);
            return Math.min(backoff * 2, 10_000);
        }
        spool.remove(batch.subList(0, prefix));
        for (long i = removedFromSpool; i < removedFromSpool + prefix; i++) deliveredAhead.remove(i);
        removedFromSpool += prefix;
        sent.addAndGet(prefix);
        return 100;
    }

    private Future<RecordMetadata> send(Spool.Entry e) {
        try {
            return producer.send(new ProducerRecord<>(topic, null, e.timestamp(), e.key(), e.value()));
        } catch (KafkaException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    private static boolean succeeded(Future<RecordMetadata> f) {
        try {
            f.get();
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the thread, waiting up to five seconds for the batch in hand. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
