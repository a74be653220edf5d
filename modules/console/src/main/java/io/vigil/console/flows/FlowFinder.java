package io.vigil.console.flows;

import io.vigil.model.Alert;
import io.vigil.model.FlowRecord;
import io.vigil.model.FlowRecordReader;
import io.vigil.model.Topics;
import io.vigil.runtime.TopicReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The flows behind an alert, read from the flows topic when a page asks: the flows of the
 * alert's hosts during the alert (a minute either side), and the same host's traffic in the
 * six hours before, for the chart of its measure. Only the partitions that can hold them are
 * read — flows are keyed by site and internal host, so the key of each of the alert's hosts
 * names its partition — from the offset of the time they can have arrived (the topic keeps
 * arrival time; a replayed capture arrives all at once, a live one as it happens, and the
 * window covers both). Bounded: at most {@link #MAX_RECORDS} records or {@link #MAX_TIME} of
 * reading, and the page says when the bound was reached. Results are kept a minute per alert
 * record, so the flows part and the chart of one page read once.
 */
public final class FlowFinder {

    static final int MAX_RECORDS = 2_000_000;
    static final Duration MAX_TIME = Duration.ofSeconds(4);
    /** The chart's reach before the alert, and its bars. */
    public static final Duration HISTORY = Duration.ofHours(6), BUCKET = Duration.ofMinutes(10);
    /** Around the alert's own window. */
    static final Duration MARGIN = Duration.ofSeconds(60);
    /** A flow is exported when it ends or at the active timeout: it reaches Kafka this much after its start at most. */
    static final Duration LAG = Duration.ofMinutes(10);

    /**
     * What was found: the alert window's flows (all, up to {@link Exports#MAX_ROWS}) and how many
     * there were, the entity's measure over the hours before, how many records were read, and
     * whether a bound cut the read short.
     */
    public record Found(List<FlowRecord> window, long windowTotal, History history, long scanned, boolean cut,
                        Instant readAt) {}

    private final Map<String, Object> clientProps;
    private final Topics topics;
    private final Clock clock;
    private final Map<String, Found> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Found> e) {
            return size() > 64;
        }
    };

    public FlowFinder(Map<String, Object> clientProps, Topics topics, Clock clock) {
        this.clientProps = new HashMap<>(clientProps);
        this.topics = topics;
        this.clock = clock;
    }

    /** The flows of {@code a}, whose latest record reached Kafka at {@code updatedAt}. */
    public Found find(Alert a, Instant updatedAt) {
        String key = a.id() + "@" + a.lastSeen().toEpochMilli();
        synchronized (cache) {
            Found f = cache.get(key);
            if (f != null && f.readAt().isAfter(clock.instant().minusSeconds(60))) return f;
        }
        Found f = read(a, updatedAt);
        synchronized (cache) {
            cache.put(key, f);
        }
        return f;
    }

    /** The hosts an alert names: source, destination and up to 16 targets. */
    static Set<String> hosts(Alert a) {
        Set<String> h = new HashSet<>();
        if (a.src() != null) h.add(a.src());
        if (a.dst() != null) h.add(a.dst());
        if (a.targets() != null) a.targets().stream().limit(16).forEach(h::add);
        return h;
    }

    private Found read(Alert a, Instant updatedAt) {
        Set<String> hosts = hosts(a);
        long winFrom = a.firstSeen().minus(MARGIN).toEpochMilli(), winTo = a.lastSeen().plus(MARGIN).toEpochMilli();
        long histFrom = a.firstSeen().minus(HISTORY).toEpochMilli();
        // arrival: no earlier than the earliest flow wanted could have arrived, no later than the alert's last record plus the lag
        Instant detected = a.detectedAt() == null ? updatedAt : a.detectedAt();
        Duration reach = Duration.between(Instant.ofEpochMilli(histFrom), a.raisedAt() == null ? a.firstSeen() : a.raisedAt());
        long arriveFrom = detected.minus(reach).minus(LAG).toEpochMilli();
        long arriveTo = updatedAt.plus(LAG).toEpochMilli();
        List<FlowRecord> window = new ArrayList<>();
        History history = new History(a, histFrom, winTo);
        long[] windowTotal = {0}, scanned = {0};
        boolean cut = false;
        Map<String, Object> p = TopicReader.readerProps(clientProps, "vigil-console-flows");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var infos = c.partitionsFor(topics.flows(), Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) return new Found(List.of(), 0, history, 0, false, clock.instant());
            int n = infos.size();
            Set<TopicPartition> tps = new HashSet<>();
            for (String h : hosts) {
                byte[] k = (a.site() + "/" + h).getBytes(StandardCharsets.UTF_8);
                tps.add(new TopicPartition(topics.flows(), Utils.toPositive(Utils.murmur2(k)) % n));
            }
            c.assign(tps);
            Map<TopicPartition, Long> fromQuery = new HashMap<>(), toQuery = new HashMap<>();
            tps.forEach(tp -> {
                fromQuery.put(tp, Math.max(0, arriveFrom));
                toQuery.put(tp, arriveTo);
            });
            Map<TopicPartition, OffsetAndTimestamp> to = c.offsetsForTimes(toQuery, Duration.ofSeconds(10));
            Map<TopicPartition, Long> ends = TopicReader.seekToTimes(c, fromQuery, Duration.ofSeconds(10));
            Map<TopicPartition, Long> stop = new HashMap<>();
            for (TopicPartition tp : tps) stop.put(tp, to.get(tp) == null ? ends.get(tp) : to.get(tp).offset());
            long deadline = System.nanoTime() + MAX_TIME.toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < stop.get(tp))) {
                if (scanned[0] >= MAX_RECORDS || System.nanoTime() > deadline) {
                    cut = true;
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= stop.get(new TopicPartition(r.topic(), r.partition())) || r.value() == null) continue;
                    scanned[0]++;
                    FlowRecord f;
                    try {
                        f = FlowRecordReader.read(r.value());
                    } catch (IOException | RuntimeException e) {
                        continue; // the detector dead-letters it; nothing to show
                    }
                    if (f.isMarker() || !a.site().equals(f.site())) continue;
                    if (behind(a, f) && f.end() >= winFrom && f.start() <= winTo) {
                        windowTotal[0]++;
                        if (window.size() < Exports.MAX_ROWS) window.add(f);
                    }
                    history.add(f);
                }
            }
        }
        return new Found(List.copyOf(window), windowTotal[0], history, scanned[0], cut, clock.instant());
    }

    /**
     * Whether {@code f} is between the alert's parties, either way round: its source and its
     * destination (or one of its targets); with no source, anything to its destination; with no
     * destination or targets, anything of its source. A scan's probes, not the web server's
     * ordinary visitors.
     */
    static boolean behind(Alert a, FlowRecord f) {
        Set<String> far = new HashSet<>();
        if (a.dst() != null) far.add(a.dst());
        if (a.targets() != null) far.addAll(a.targets());
        if (a.src() == null) return far.contains(f.dstIp()) || far.contains(f.srcIp());
        boolean fromSrc = a.src().equals(f.srcIp()), toSrc = a.src().equals(f.dstIp());
        if (far.isEmpty()) return fromSrc || toSrc;
        return fromSrc && far.contains(f.dstIp()) || toSrc && far.contains(f.srcIp());
    }

    /**
     * The pieces of one flow (a long flow is exported at each active timeout) as one: its first
     * start, last end, and summed counts.
     */
    public static List<FlowRecord> whole(List<FlowRecord> pieces) {
        Map<String, FlowRecord> byFlow = new LinkedHashMap<>();
        for (FlowRecord f : pieces) {
            String k = f.collector() + "|" + (f.flowId() == null ? f.srcIp() + ":" + f.srcPort() + ">" + f.dstIp() + ":" + f.dstPort()
                    + "@" + f.start() : f.flowId());
            byFlow.merge(k, f, (x, y) -> x.toBuilder().start(Math.min(x.start(), y.start())).end(Math.max(x.end(), y.end()))
                    .out(x.packetsOut() + y.packetsOut(), x.bytesOut() + y.bytesOut())
                    .in(x.packetsIn() + y.packetsIn(), x.bytesIn() + y.bytesIn()).endReason(y.end() >= x.end() ? y.endReason()
                            : x.endReason()).build());
        }
        return new ArrayList<>(byFlow.values());
    }

    /** The {@code n} flows that moved the most bytes, largest first. */
    public static List<FlowRecord> largest(List<FlowRecord> flows, int n) {
        PriorityQueue<FlowRecord> top = new PriorityQueue<>(Comparator.comparingLong(FlowFinder::bytes));
        for (FlowRecord f : flows) {
            top.add(f);
            if (top.size() > n) top.poll();
        }
        List<FlowRecord> out = new ArrayList<>(top);
        out.sort(Comparator.comparingLong(FlowFinder::bytes).reversed().thenComparingLong(FlowRecord::start));
        return out;
    }

    static long bytes(FlowRecord f) {
        return f.bytesOut() + f.bytesIn();
    }
}
