package io.vigil.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What the benchmarks read off the process and the broker, in one place: memory, a group's
 * lag, bytes on disk; and the producer settings they publish flows with (the collector's).
 */
final class Measure {

    private Measure() {}

    /** The old generation's occupancy after the last collection: what a leak would grow. */
    static long oldGenAfterGc() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getName().contains("Old Gen") && p.getCollectionUsage() != null) return p.getCollectionUsage().getUsed();
        }
        return -1;
    }

    /** Resident set size from /proc/self/status, bytes; -1 where there is none. */
    static long rss() {
        return status("VmRSS:");
    }

    /** Resident memory not backed by a file: the heap, RocksDB's and the JVM's own allocations. */
    static long rssAnon() {
        return status("RssAnon:");
    }

    /** Resident pages of mapped files: the broker's mapped index files, the JVM's own jars and libraries. */
    static long rssFile() {
        return status("RssFile:");
    }

    /** The most resident memory the process has had, bytes; -1 where it cannot be told. */
    static long peakRss() {
        return status("VmHWM:");
    }

    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** Records on {@code topic} the group has not committed yet, all partitions; -1 when it cannot be told. */
    static long lag(Admin admin, String group, String topic) {
        try {
            Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
            for (var info : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
                spec.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest());
            }
            return unread(admin, group, spec, 0);
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * Records the group has yet to read on every partition it has committed on (a Streams
     * application's input and repartition topics), not counting the commit marker a transaction
     * leaves after its records.
     */
    static long unreadAnywhere(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().keySet()
                .forEach(tp -> spec.put(tp, OffsetSpec.latest()));
        return unread(admin, group, spec, 1);
    }

    private static long unread(Admin admin, String group, Map<TopicPartition, OffsetSpec> spec, int markers)
            throws Exception {
        var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long unread = 0;
        for (var e : admin.listOffsets(spec).all().get().entrySet()) {
            var c = committed.get(e.getKey());
            unread += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()) - markers);
        }
        return unread;
    }

    /**
     * Offsets written on each topic {@code which} accepts, all partitions, by topic name: its
     * records plus, under exactly-once, one commit marker per partition and transaction.
     */
    static Map<String, Long> topicOffsets(Admin admin, Predicate<String> which) throws Exception {
        Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
        for (var d : admin.describeTopics(admin.listTopics().names().get().stream().filter(which).toList())
                .allTopicNames().get().values()) {
            d.partitions().forEach(p -> spec.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<String, Long> offsets = new java.util.TreeMap<>();
        admin.listOffsets(spec).all().get().forEach((tp, o) -> offsets.merge(tp.topic(), o.offset(), Long::sum));
        return offsets;
    }

    /** Bytes on the brokers' disks of every topic {@code which} accepts (all replicas). */
    static long topicBytes(Admin admin, Predicate<String> which) throws Exception {
        long bytes = 0;
        List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
        for (var dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
            for (var dir : dirs.values()) {
                for (var e : dir.replicaInfos().entrySet()) {
                    if (which.test(e.getKey().topic())) bytes += e.getValue().size();
                }
            }
        }
        return bytes;
    }

    /** Bytes of the files under {@code dir} (a state directory). */
    static long fileBytes(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** {@code props} with the batching a collector publishes flows with: 20 ms linger, 512 KB batches, lz4. */
    static Map<String, Object> flowProducer(Map<String, Object> props) {
        Map<String, Object> p = new HashMap<>(props);
        p.put("linger.ms", 20);
        p.put("batch.size", 512 * 1024);
        p.put("compression.type", "lz4");
        return p;
    }
}
