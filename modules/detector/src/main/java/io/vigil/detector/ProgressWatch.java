package io.vigil.detector;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches that the detector keeps up: a partition of its input whose committed offset has not
 * moved for {@code stuckAfter} while records wait behind it is stuck, whatever the stream
 * threads say about themselves (a thread busy forever, a task that never restores). The
 * detector's health is DOWN while any is.
 */
public final class ProgressWatch {

    /** Where the offsets come from: the application's committed offsets and the topics' ends. */
    public interface Offsets {
        Map<TopicPartition, Long> committed() throws Exception;

        Map<TopicPartition, Long> ends(Set<TopicPartition> partitions) throws Exception;
    }

    private final Offsets offsets;
    private final Set<String> topics;
    private final Duration stuckAfter;
    private final Clock clock;
    private final Map<TopicPartition, Long> lastCommitted = new HashMap<>();
    private final Map<TopicPartition, Long> lastMove = new HashMap<>();
    private final Map<TopicPartition, String> stuck = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    private String error;

    public ProgressWatch(Offsets offsets, Set<String> topics, Duration stuckAfter, Clock clock) {
        this.offsets = offsets;
        this.topics = topics;
        this.stuckAfter = stuckAfter;
        this.clock = clock;
    }

    /** Reads the offsets once and updates what is stuck. */
    public synchronized void check() {
        long now = clock.millis();
        Map<TopicPartition, Long> committed;
        Map<TopicPartition, Long> ends;
        try {
            committed = new HashMap<>(offsets.committed());
            committed.keySet().removeIf(tp -> !topics.contains(tp.topic()));
            ends = offsets.ends(committed.keySet());
            error = null;
        } catch (Exception e) {
            // The watch cannot see the offsets (the broker is away): say so, but it is not the detector's fault.
            error = "offsets unreadable: " + e.getMessage();
            return;
        }
        stuck.clear();
        for (Map.Entry<TopicPartition, Long> e : committed.entrySet()) {
            TopicPartition tp = e.getKey();
            long c = e.getValue();
            long end = ends.getOrDefault(tp, c);
            Long last = lastCommitted.put(tp, c);
            if (last == null || last != c || end <= c) lastMove.put(tp, now);
            long still = now - lastMove.getOrDefault(tp, now);
            if (end > c && still >= stuckAfter.toMillis()) {
                stuck.put(tp, String.format("partition %s has not moved for %d s with %d records waiting", tp, still / 1000,
                        end - c));
            }
        }
    }

    /** Why the detector is not keeping up; empty when it is. */
    public synchronized List<String> stuck() {
        return new ArrayList<>(stuck.values());
    }

    /** Why the watch could not look, if it could not (null otherwise). */
    public synchronized String error() {
        return error;
    }
}
