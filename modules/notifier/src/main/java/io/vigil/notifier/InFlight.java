package io.vigil.notifier;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier's commit rule: the records read and not yet delivered, per partition, in
 * offset order; an offset is committed only up to the first record a channel still owes.
 * Committing is not what makes delivery safe (waiting for it is), so it is asynchronous and
 * at most every 100 ms, and synchronous when partitions are revoked or the notifier stops.
 * Used by the consumer thread only.
 */
final class InFlight {

    private static final Logger log = LoggerFactory.getLogger(InFlight.class);

    private final Map<TopicPartition, ArrayDeque<Pending>> waiting = new HashMap<>();
    /** Offsets committed asynchronously since the last synchronous commit. */
    private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    private long lastCommit;

    void add(Pending p) {
        waiting.computeIfAbsent(new TopicPartition(p.record.topic(), p.record.partition()), k -> new ArrayDeque<>()).add(p);
    }

    int size() {
        return waiting.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /** Partitions taken away: what they delivered is committed, the rest another notifier re-reads. */
    void revoke(Consumer<?, ?> c, Collection<TopicPartition> partitions) {
        commit(c, true);
        partitions.forEach(waiting::remove);
    }

    /** An asynchronous commit when the last is 100 ms old. */
    void maybeCommit(Consumer<?, ?> c) {
        long now = System.nanoTime();
        if (now - lastCommit > 100_000_000L) {
            lastCommit = now;
            commit(c, false);
        }
    }

    /** Commits, per partition, up to the first record still waiting for a delivery. */
    void commit(Consumer<?, ?> c, boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, ArrayDeque<Pending>> e : waiting.entrySet()) {
            ArrayDeque<Pending> q = e.getValue();
            long next = -1;
            while (!q.isEmpty() && q.peek().outstanding <= 0) next = q.poll().record.offset() + 1;
            if (next >= 0) offsets.put(e.getKey(), new OffsetAndMetadata(next));
        }
        if (offsets.isEmpty()) {
            if (sync && !committed.isEmpty()) commitSync(c, Map.of());
            return;
        }
        if (sync) {
            commitSync(c, offsets);
        } else {
            c.commitAsync(offsets, (o, ex) -> {
                if (ex != null) log.warn("offset commit failed (the next one covers it) error={}", ex.toString());
            });
            committed.putAll(offsets);
        }
    }

    /** A synchronous commit, which also waits for earlier asynchronous ones. */
    private void commitSync(Consumer<?, ?> c, Map<TopicPartition, OffsetAndMetadata> offsets) {
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
}
