package io.vigil.console.packets;

import io.vigil.model.Alert;
import io.vigil.model.EvidenceRequest;
import io.vigil.model.Topics;
import io.vigil.runtime.EvidenceFetch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the console fetched of alerts' packets, by alert: the answer (a pcap with its count, or
 * why there is none), who fetched it and when. Bounded: an hour, and {@link #MAX_BYTES} of pcaps
 * in memory, the oldest going first — the collector keeps the cut; this is only the hand-over.
 */
public final class PacketShelf {

    /** Asks the collectors; a test may answer instead of Kafka. */
    @FunctionalInterface
    public interface Fetcher {
        EvidenceFetch.Result fetch(EvidenceRequest request);
    }

    /** One fetch's answer. */
    public record Entry(String alertId, EvidenceFetch.Result result, String by, Instant at) {
        public long bytes() {
            return result.pcap() == null ? 0 : result.pcap().length;
        }
    }

    static final long MAX_BYTES = 256L << 20;
    static final Duration KEEP = Duration.ofHours(1);

    private final Fetcher fetcher;
    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public PacketShelf(Fetcher fetcher, Clock clock) {
        this.fetcher = fetcher;
        this.clock = clock;
    }

    /** Through Kafka: the request on the requests topic, the answer from the evidence topic. */
    public static PacketShelf kafka(Map<String, Object> clientProps, Topics topics, Duration timeout, Clock clock) {
        return new PacketShelf(r -> EvidenceFetch.fetch(clientProps, topics, r, timeout), clock);
    }

    /** Asks for {@code alert}'s packets as {@code user} and keeps the answer. Blocks until it comes. */
    public Entry fetch(Alert alert, String user) {
        Instant now = clock.instant();
        EvidenceRequest req = EvidenceRequest.about(alert, UUID.randomUUID().toString(), EvidenceRequest.FETCH, user, now,
                "console");
        EvidenceFetch.Result r = req.empty()
                ? new EvidenceFetch.Result("none", "the alert names no address", null, 0, null)
                : fetcher.fetch(req);
        Entry e = new Entry(alert.id(), r, user, now);
        synchronized (this) {
            entries.remove(alert.id());
            entries.put(alert.id(), e);
            trim(now);
        }
        return e;
    }

    /** The latest answer for {@code alertId} still held, or null. */
    public synchronized Entry get(String alertId) {
        trim(clock.instant());
        return entries.get(alertId);
    }

    private void trim(Instant now) {
        long total = entries.values().stream().mapToLong(Entry::bytes).sum();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (total <= MAX_BYTES && !e.at().isBefore(now.minus(KEEP))) break;
            total -= e.bytes();
            it.remove();
        }
    }
}
