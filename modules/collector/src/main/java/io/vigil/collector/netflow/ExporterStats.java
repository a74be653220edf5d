package io.vigil.collector.netflow;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * What each exporter sent and what could not be used, counted (never silent): export
 * packets, flows, template misses (data before its template), sequence gaps (export packets
 * or records lost on the way), out-of-order packets, malformed packets, and packets dropped
 * because decoding fell behind.
 */
public final class ExporterStats {

    /** DROPPED: export packets Vigil read but could not keep up with (its queue was full). */
    public enum Kind { PACKETS, FLOWS, TEMPLATE_MISSES, LOST, OUT_OF_ORDER, MALFORMED, DROPPED }

    private final Map<String, AtomicLongArray> byExporter = new ConcurrentHashMap<>();
    private final Consumer<String> onNewExporter;

    public ExporterStats() {
        this(e -> { });
    }

    /** @param onNewExporter told of an exporter the first time it sends (to register its meters, say) */
    public ExporterStats(Consumer<String> onNewExporter) {
        this.onNewExporter = onNewExporter;
    }

    private AtomicLongArray of(String exporter) {
        AtomicLongArray a = byExporter.get(exporter);
        if (a != null) return a;
        AtomicLongArray fresh = new AtomicLongArray(Kind.values().length);
        a = byExporter.putIfAbsent(exporter, fresh);
        if (a != null) return a;
        onNewExporter.accept(exporter);
        return fresh;
    }

    void add(String exporter, Kind kind, long n) {
        of(exporter).addAndGet(kind.ordinal(), n);
    }

    void flows(String exporter, long n) {
        add(exporter, Kind.FLOWS, n);
    }

    void templateMiss(String exporter) {
        add(exporter, Kind.TEMPLATE_MISSES, 1);
    }

    void gap(String exporter, long lost) {
        add(exporter, Kind.LOST, lost);
    }

    void outOfOrder(String exporter) {
        add(exporter, Kind.OUT_OF_ORDER, 1);
    }

    public long get(String exporter, Kind kind) {
        AtomicLongArray a = byExporter.get(exporter);
        return a == null ? 0 : a.get(kind.ordinal());
    }

    public long total(Kind kind) {
        return byExporter.values().stream().mapToLong(a -> a.get(kind.ordinal())).sum();
    }

    /** Every exporter's counts, by exporter, for a summary line or metrics. */
    public Map<String, Map<Kind, Long>> snapshot() {
        Map<String, Map<Kind, Long>> out = new TreeMap<>();
        byExporter.forEach((e, a) -> {
            Map<Kind, Long> m = new EnumMap<>(Kind.class);
            for (Kind k : Kind.values()) m.put(k, a.get(k.ordinal()));
            out.put(e, m);
        });
        return out;
    }
}
