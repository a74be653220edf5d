package io.vigil.collector.evidence;

import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.capture.PacketListener;
import io.vigil.collector.capture.ReadResult;
import io.vigil.runtime.pcap.PcapWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's packet ring: every captured packet, cut to {@code snaplen} bytes, written to
 * pcap segments in {@code dir}, bounded by size and age — the oldest segment goes first — so
 * the packets behind an alert can still be cut after it. A segment's name is its time range
 * ({@code ring-FIRST-LAST.pcap}, epoch nanoseconds; {@code ring-FIRST-open.pcap} while written),
 * which is the time index: a window is cut from the segments it overlaps, never the whole ring.
 * A segment damaged by a crash is read up to the damage and counted. A write that fails (disk
 * full, not writable) stops the ring, not the capture: it says why in {@link #unavailable()},
 * and tries again with a new segment a minute later.
 */
public final class PacketRing implements PacketListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PacketRing.class);
    private static final Pattern NAME = Pattern.compile("ring-(\\d+)-(\\d+|open)\\.pcap");
    private static final long RETRY_NANOS = Duration.ofMinutes(1).toNanos();
    private static final String LOST = "ring.lost-before";

    /**
     * @param segmentBytes a segment is closed at this size, or after {@code segmentSpan} of packet time
     */
    public record Settings(Path dir, long maxBytes, Duration maxAge, int snaplen, long segmentBytes, Duration segmentSpan) {
        public Settings(Path dir, long maxBytes, Duration maxAge, int snaplen) {
            this(dir, maxBytes, maxAge, snaplen, Math.max(1 << 20, Math.min(64L << 20, maxBytes / 16)), Duration.ofMinutes(10));
        }
    }

    /** What a cut found: the file (null when none), how many packets, and why not when there are none. */
    public record Outcome(Path file, long packets, String status, int damagedSegments) {
        public static final String OK = "ok", PARTIAL = "partial: the ring no longer holds the window's start",
                EXPIRED = "expired", NONE = "no packets", UNAVAILABLE = "unavailable";
    }

    private final Settings s;
    private final AtomicLong packets = new AtomicLong(), bytes = new AtomicLong(), deleted = new AtomicLong(),
            failures = new AtomicLong(), dropped = new AtomicLong();
    // the disk is written on a thread of its own: the capture thread only copies (HandOff)
    private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vigil-evidence-ring");
        t.setDaemon(true);
        return t;
    });
    private int linkType = -1;
    private PcapWriter out;
    private Path current;
    private long currentFirst, currentLast, currentBytes;
    private volatile String unavailable;
    private long retryAt;

    public PacketRing(Settings s) throws IOException {
        this.s = s;
        Files.createDirectories(s.dir());
        closeLeftOpen();
    }

    @Override
    public synchronized void begin(String source, int linkType) {
        if (linkType != this.linkType) closeSegment();
        this.linkType = linkType;
    }

    @Override
    public synchronized void packet(long tsNanos, byte[] buf, int offset, int caplen, int origLen) {
        if (unavailable != null) {
            if (tsNanos < retryAt) return;
            unavailable = null;
        }
        try {
            if (out != null && (currentBytes >= s.segmentBytes() || tsNanos - currentFirst > s.segmentSpan().toNanos())) {
                closeSegment();
            }
            if (out == null) openSegment(tsNanos);
            int n = Math.min(caplen, s.snaplen());
            out.write(tsNanos, buf, offset, n, origLen);
            currentBytes += 16 + n;
            currentLast = Math.max(currentLast, tsNanos);
            packets.incrementAndGet();
            bytes.addAndGet(16 + n);
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            unavailable = "cannot write the packet ring in " + s.dir() + ": " + e.getMessage();
            retryAt = tsNanos + RETRY_NANOS;
            log.warn("evidence ring unavailable dir={} error={}", s.dir(), e.toString());
            abandonSegment();
        }
    }

    private void openSegment(long first) throws IOException {
        current = s.dir().resolve("ring-" + first + "-open.pcap");
        out = new PcapWriter(new HandOff(Files.newOutputStream(current), writer, dropped), linkType < 0 ? 1 : linkType,
                true, s.snaplen());
        currentFirst = first;
        currentLast = first;
        currentBytes = 24;
    }

    private void closeSegment() {
        if (out == null) return;
        try {
            out.close();
            Files.move(current, s.dir().resolve("ring-" + currentFirst + "-" + currentLast + ".pcap"));
        } catch (IOException e) {
            failures.incrementAndGet();
            log.warn("cannot close ring segment file={} error={}", current, e.toString());
        }
        out = null;
        current = null;
        currentBytes = 0;
        enforceBounds(currentLast);
    }

    private void abandonSegment() {
        try {
            if (out != null) out.close();
        } catch (IOException e) {
            // the segment is unreadable anyway: its reader will count it
        }
        out = null;
        current = null;
    }

    /** Deletes the oldest closed segments while the ring is over its size, and those past its age. */
    private void enforceBounds(long now) {
        List<Segment> closed = segments().stream().filter(g -> !g.open).toList();
        long total = closed.stream().mapToLong(Segment::size).sum() + currentBytes;
        long oldestKept = now - s.maxAge().toNanos();
        for (Segment g : closed) {
            if (total <= s.maxBytes() && g.last >= oldestKept) break;
            try {
                Files.deleteIfExists(g.file);
                total -= g.size;
                deleted.incrementAndGet();
                // what the ring no longer holds, kept across restarts: a window before it has expired
                Files.writeString(s.dir().resolve(LOST), Long.toString(Math.max(lostBefore(), g.last)));
            } catch (IOException e) {
                log.warn("cannot delete ring segment file={} error={}", g.file, e.toString());
            }
        }
    }

    /** A segment left open by a crash: closed under the times it covers as far as it can be read. */
    private void closeLeftOpen() throws IOException {
        for (Segment g : segments()) {
            if (!g.open) continue;
            long[] range = {g.first, g.first};
            try {
                io.vigil.collector.capture.JavaCaptureReader.read(g.file, new PacketListener() {
                    @Override
                    public void begin(String source, int lt) {}

                    @Override
                    public void packet(long ts, byte[] b, int o, int c, int l) {
                        range[1] = Math.max(range[1], ts);
                    }
                }, n -> { });
            } catch (CaptureInputException e) {
                log.warn("ring segment unreadable after a crash file={} error={}", g.file, e.getMessage());
            }
            Files.move(g.file, s.dir().resolve("ring-" + range[0] + "-" + range[1] + ".pcap"));
        }
    }

    /**
     * Cuts {@code scope}'s packets into {@code outDir/ALERT_ID.pcap} from the segments its window
     * overlaps. A window the ring has deleted is {@code expired}, one it has deleted the start of
     * {@code partial} — never an empty or short file passed off as whole evidence.
     */
    public Outcome cut(EvidenceScope scope, Path outDir) throws IOException {
        return cut(scope, outDir, EvidenceCut.Naming.TEXT);
    }

    /** As above, matching the scope's hosts by {@code naming} (pseudonyms). */
    public Outcome cut(EvidenceScope scope, Path outDir, EvidenceCut.Naming naming) throws IOException {
        List<Segment> overlapping;
        boolean partial;
        Path writing;
        synchronized (this) {
            writing = current;
            if (out != null) {
                out.flush();
            }
            overlapping = segments().stream().filter(g -> g.last >= scope.fromNanos() && g.first <= scope.toNanos()).toList();
            long lost = lostBefore();
            if (lost > 0 && scope.toNanos() <= lost) return new Outcome(null, 0, Outcome.EXPIRED, 0);
            if (overlapping.isEmpty() && unavailable != null) return new Outcome(null, 0, Outcome.UNAVAILABLE, 0);
            partial = lost > 0 && scope.fromNanos() <= lost;
        }
        EvidenceCut c = new EvidenceCut(outDir, List.of(scope), naming);
        int damaged = 0;
        for (Segment g : overlapping) {
            // the segment being written may end in a half-written chunk: that is not damage
            boolean live = g.file.equals(writing);
            try {
                ReadResult r = c.read(g.file);
                if (!r.whole() && !live) damaged++;
            } catch (CaptureInputException | RuntimeException e) {
                if (!live) damaged++;
            }
        }
        List<EvidenceCut.Cut> cuts = c.finish();
        if (cuts.isEmpty()) return new Outcome(null, 0, Outcome.NONE, damaged);
        return new Outcome(cuts.get(0).file(), cuts.get(0).packets(), partial ? Outcome.PARTIAL : Outcome.OK, damaged);
    }

    private record Segment(Path file, long first, long last, boolean open, long size) {}

    /** The ring's segments, oldest first. */
    private List<Segment> segments() {
        List<Segment> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(s.dir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (!m.matches()) continue;
                boolean open = m.group(2).equals("open");
                long first = Long.parseLong(m.group(1));
                long last = open ? (f.equals(current) ? currentLast : Long.MAX_VALUE) : Long.parseLong(m.group(2));
                out.add(new Segment(f, first, last, open, Files.size(f)));
            }
        } catch (IOException e) {
            log.warn("cannot list the packet ring dir={} error={}", s.dir(), e.toString());
        }
        out.sort(Comparator.comparingLong(Segment::first));
        return out;
    }

    /** The time of the last packet the ring has deleted (0: none yet). */
    private long lostBefore() {
        try {
            Path f = s.dir().resolve(LOST);
            return Files.isRegularFile(f) ? Long.parseLong(Files.readString(f).strip()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Null while the ring writes; otherwise why it does not. */
    public String unavailable() {
        return unavailable;
    }

    public long packets() {
        return packets.get();
    }

    public long bytesWritten() {
        return bytes.get();
    }

    public long segmentsDeleted() {
        return deleted.get();
    }

    public long failures() {
        return failures.get();
    }

    /** Bytes the ring holds on disk now. */
    public long size() {
        return segments().stream().mapToLong(Segment::size).sum();
    }

    /** Bytes of whole records the ring let go because the disk was behind. */
    public long droppedBytes() {
        return dropped.get();
    }

    @Override
    public synchronized void close() {
        closeSegment();
        writer.shutdown();
    }
}
