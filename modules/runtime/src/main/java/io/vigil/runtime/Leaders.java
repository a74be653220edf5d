package io.vigil.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** New topics made ready to write to, not only made. */
public final class Leaders {

    private Leaders() {}

    /**
     * Waits until every partition of the topics named has a leader that answers for it: the
     * controller has made new topics when createTopics returns, but a client asking a broker a
     * moment later may not see them yet (a global store that finds no partitions at start stops
     * the detector), and a broker may name a leader before that leader has the partition online:
     * an idempotent producer whose first batch is refused then (NOT_LEADER_OR_FOLLOWER) while its
     * next is taken retries the first forever (OutOfOrderSequenceException). Listing each
     * partition's end offset goes to the leader itself, so when that answers, writes will too.
     */
    public static void await(Admin admin, List<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                var described = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
                if (described.values().stream().allMatch(d -> !d.partitions().isEmpty()
                        && d.partitions().stream().allMatch(p -> p.leader() != null))) {
                    Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                    described.values().forEach(d -> d.partitions().forEach(p -> ends.put(
                            new TopicPartition(d.name(), p.partition()),
                            OffsetSpec.latest())));
                    admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS);
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        && !(e.getCause() instanceof NotLeaderOrFollowerException)
                        && !(e.getCause() instanceof LeaderNotAvailableException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topics " + names + " have no leader after 30 s");
            }
            Thread.sleep(100);
        }
    }
}
