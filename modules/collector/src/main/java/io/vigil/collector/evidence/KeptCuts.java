package io.vigil.collector.evidence;

import io.vigil.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts' cuts, kept after the ring has wrapped: {@code DIR/ALERT_ID.pcap} with what the cut
 * found beside it ({@code DIR/ALERT_ID.json}). Bounded in age and in size, the oldest cut going
 * first. A cut that found no packets is remembered too (expired, none), so a request for it is
 * answered the same way every time and the ring is not read again.
 */
public final class KeptCuts {

    private static final Logger log = LoggerFactory.getLogger(KeptCuts.class);

    /**
     * What one cut found.
     *
     * @param status      one of {@link io.vigil.model.EvidenceChunk}'s statuses
     * @param alertStatus the alert's status when it was cut: a cut of an ended alert is final
     */
    public record Cut(String alertId, String status, String reason, long packets, Instant from, Instant to,
                      String alertStatus, Instant cutAt, int damagedSegments) {}

    private final Path dir;
    private final Duration keep;
    private final long maxBytes;

    public KeptCuts(Path dir, Duration keep, long maxBytes) throws IOException {
        this.dir = dir;
        this.keep = keep;
        this.maxBytes = maxBytes;
        Files.createDirectories(dir);
    }

    public Path dir() {
        return dir;
    }

    /** The cut kept for {@code alertId}, if any. */
    public Optional<Cut> get(String alertId) {
        Path meta = dir.resolve(base(alertId) + ".json");
        if (!Files.isRegularFile(meta)) return Optional.empty();
        try {
            return Optional.of(Json.MAPPER.readValue(meta.toFile(), Cut.class));
        } catch (IOException e) {
            log.warn("kept cut unreadable file={} error={}", meta, e.toString());
            return Optional.empty();
        }
    }

    /** The pcap of a kept cut that has packets. */
    public Path pcap(String alertId) {
        return dir.resolve(base(alertId) + ".pcap");
    }

    /**
     * Keeps {@code cut}, its pcap moved in from {@code pcap} (null when it found none), replacing
     * what was kept for that alert; then drops what is past the bounds.
     */
    public void put(Cut cut, Path pcap, Instant now) throws IOException {
        if (pcap != null) Files.move(pcap, pcap(cut.alertId()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        else Files.deleteIfExists(pcap(cut.alertId()));
        Path tmp = dir.resolve("." + base(cut.alertId()) + ".json.tmp");
        Files.write(tmp, Json.MAPPER.writeValueAsBytes(cut));
        Files.move(tmp, dir.resolve(base(cut.alertId()) + ".json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        prune(now);
    }

    /** Drops cuts older than the keep time, then the oldest while the pcaps are over the size bound. */
    public int prune(Instant now) {
        record Entry(Path meta, Path pcap, long size, Instant at) {}
        List<Entry> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (!n.endsWith(".json") || n.startsWith(".")) continue;
                Path pcap = dir.resolve(n.substring(0, n.length() - 5) + ".pcap");
                long size = Files.isRegularFile(pcap) ? Files.size(pcap) : 0;
                all.add(new Entry(f, pcap, size, Files.getLastModifiedTime(f).toInstant()));
            }
        } catch (IOException e) {
            log.warn("cannot list kept cuts dir={} error={}", dir, e.toString());
            return 0;
        }
        all.sort(Comparator.comparing(Entry::at));
        long total = all.stream().mapToLong(Entry::size).sum();
        Instant oldest = now.minus(keep);
        int dropped = 0;
        for (Entry e : all) {
            if (total <= maxBytes && !e.at.isBefore(oldest)) break;
            try {
                Files.deleteIfExists(e.pcap);
                Files.deleteIfExists(e.meta);
                total -= e.size;
                dropped++;
            } catch (IOException ex) {
                log.warn("cannot drop kept cut file={} error={}", e.meta, ex.toString());
            }
        }
        return dropped;
    }

    /** The alert id as a file name: nothing from a record is trusted as a path. */
    private static String base(String alertId) {
        String f = EvidenceCut.fileName(alertId);
        return f.substring(0, f.length() - ".pcap".length());
    }
}
