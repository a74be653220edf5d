package io.vigil.collector.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded FIFO of records on disk: segment files {@code NNNNNNNNNNNNNNNN.spool} of
 * entries {@code [length][crc32][timestamp][key length][key][value]}, and a {@code position}
 * file naming the first entry not yet delivered. Thread-safe.
 */
public final class Spool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final int HEADER = 4 + 4 + 8 + 4;
    private static final String SUFFIX = ".spool";

    /** One spooled record. {@code size} is its length on disk. */
    public record Entry(byte[] key, byte[] value, long timestamp, int size) {}

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    /** Segment id to its size in bytes. */
    private final TreeMap<Long, Long> segments = new TreeMap<>();
    private long readSegment;
    private long readOffset;
    private long writeSegment;
    private FileChannel writer;
    private long entries;
    private long bytes;
    private final AtomicLong full = new AtomicLong();
    private long lastFullLog;

    public Spool(Path dir, long maxBytes, long segmentBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        try {
            Files.createDirectories(dir);
            open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open spool in " + dir, e);
        }
    }

    private void open() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.endsWith(SUFFIX)) segments.put(Long.parseLong(n.substring(0, n.length() - SUFFIX.length())), Files.size(p));
            }
        }
        Path pos = dir.resolve("position");
        if (Files.exists(pos)) {
            String[] parts = Files.readString(pos, StandardCharsets.US_ASCII).trim().split(" ");
            readSegment = Long.parseLong(parts[0]);
            readOffset = Long.parseLong(parts[1]);
        } else {
            readSegment = segments.isEmpty() ? 0 : segments.firstKey();
            readOffset = 0;
        }
        segments.headMap(readSegment).keySet().forEach(id -> delete(id));
        segments.headMap(readSegment).clear();
        // Count what is left, truncating a torn last entry.
        for (long id : new ArrayList<>(segments.keySet())) {
            long from = id == readSegment ? readOffset : 0;
            long good = scan(id, from);
            if (good < segments.get(id)) {
                log.warn("spool segment truncated to its last good entry segment={} from={} to={}", id,
                        segments.get(id), good);
                try (FileChannel ch = FileChannel.open(segment(id), StandardOpenOption.WRITE)) {
                    ch.truncate(good);
                }
                segments.put(id, good);
            }
            bytes += good - from;
        }
        writeSegment = segments.isEmpty() ? Math.max(readSegment, 0) : segments.lastKey();
        segments.putIfAbsent(writeSegment, 0L);
        writer = FileChannel.open(segment(writeSegment), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        if (entries > 0) log.info("spool reopened entries={} bytes={} dir={}", entries, bytes, dir);
    }

    /** Counts valid entries of a segment from {@code from}; returns the offset after the last good one. */
    private long scan(long id, long from) throws IOException {
        try (FileChannel ch = FileChannel.open(segment(id), StandardOpenOption.READ)) {
            long pos = from;
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(8);
            while (pos + HEADER <= size) {
                head.clear();
                ch.read(head, pos);
                head.flip();
                int len = head.getInt();
                int crc = head.getInt();
                if (len < HEADER || pos + len > size) break;
                ByteBuffer body = ByteBuffer.allocate(len - 8);
                ch.read(body, pos + 8);
                CRC32 c = new CRC32();
                c.update(body.array());
                if ((int) c.getValue() != crc) break;
                entries++;
                pos += len;
            }
            return pos;
        }
    }

    /**
     * Appends a record; false when the spool is full (the record is not kept: the caller
     * counts it, and the spool logs it loudly, at most once a minute).
     */
    public synchronized boolean append(byte[] key, byte[] value, long timestamp) {
        int len = HEADER + key.length + value.length;
        if (bytes + len > maxBytes) {
            full.incrementAndGet();
            long now = System.currentTimeMillis();
            if (now - lastFullLog > 60_000) {
                lastFullLog = now;
                log.error("spool full: flow records are being dropped dir={} max_bytes={} dropped_total={}", dir, maxBytes,
                        full.get());
            }
            return false;
        }
        ByteBuffer b = ByteBuffer.allocate(len);
        b.putInt(len).putInt(0).putLong(timestamp).putInt(key.length).put(key).put(value);
        CRC32 c = new CRC32();
        c.update(b.array(), 8, len - 8);
        b.putInt(4, (int) c.getValue());
        b.flip();
        try {
            if (segments.get(writeSegment) >= segmentBytes) roll();
            while (b.hasRemaining()) writer.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to spool " + dir, e);
        }
        segments.merge(writeSegment, (long) len, Long::sum);
        entries++;
        bytes += len;
        return true;
    }

    private void roll() throws IOException {
        writer.force(false);
        writer.close();
        writeSegment++;
        segments.put(writeSegment, 0L);
        writer = FileChannel.open(segment(writeSegment), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    /** Up to {@code max} entries from the head, without removing them. */
    public synchronized List<Entry> peek(int max) {
        List<Entry> out = new ArrayList<>();
        long seg = readSegment;
        long off = readOffset;
        try {
            while (out.size() < max) {
                Long size = segments.get(seg);
                if (size == null) break;
                if (off >= size) {
                    Long next = segments.higherKey(seg);
                    if (next == null) break;
                    seg = next;
                    off = 0;
                    continue;
                }
                if (seg == writeSegment) writer.force(false);
                try (FileChannel ch = FileChannel.open(segment(seg), StandardOpenOption.READ)) {
                    while (out.size() < max && off < size) {
                        ByteBuffer head = ByteBuffer.allocate(HEADER);
                        ch.read(head, off);
                        head.flip();
                        int len = head.getInt();
                        head.getInt();
                        long ts = head.getLong();
                        int keyLen = head.getInt();
                        ByteBuffer body = ByteBuffer.allocate(len - HEADER);
                        ch.read(body, off + HEADER);
                        byte[] key = new byte[keyLen];
                        byte[] value = new byte[len - HEADER - keyLen];
                        body.flip();
                        body.get(key).get(value);
                        out.add(new Entry(key, value, ts, len));
                        off += len;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spool " + dir, e);
        }
        return out;
    }

    /** Removes the first {@code n} entries (delivered), deleting segments left behind. */
    public synchronized void remove(List<Entry> delivered) {
        try {
            for (Entry e : delivered) {
                long size = segments.get(readSegment);
                if (readOffset >= size) {
                    long next = segments.higherKey(readSegment);
                    if (readSegment != writeSegment) {
                        delete(readSegment);
                        segments.remove(readSegment);
                    }
                    readSegment = next;
                    readOffset = 0;
                }
                readOffset += e.size();
                entries--;
                bytes -= e.size();
            }
            if (readOffset >= segments.get(readSegment) && readSegment != writeSegment) {
                long next = segments.higherKey(readSegment);
                delete(readSegment);
                segments.remove(readSegment);
                readSegment = next;
                readOffset = 0;
            }
            if (entries == 0 && readSegment == writeSegment && readOffset > 0) {
                // Empty: start the segment afresh so the disk is given back.
                writer.truncate(0);
                segments.put(writeSegment, 0L);
                readOffset = 0;
            }
            Path tmp = dir.resolve("position.tmp");
            Files.writeString(tmp, readSegment + " " + readOffset + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, dir.resolve("position"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update spool position in " + dir, e);
        }
    }

    public synchronized long depth() {
        return entries;
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized boolean isEmpty() {
        return entries == 0;
    }

    /** Records refused because the spool was full. */
    public long refused() {
        return full.get();
    }

    private Path segment(long id) {
        return dir.resolve(String.format("%016d%s", id, SUFFIX));
    }

    private void delete(long id) {
        try {
            Files.deleteIfExists(segment(id));
        } catch (IOException e) {
            log.warn("cannot delete spool segment segment={} error={}", id, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.force(true);
            writer.close();
        } catch (IOException e) {
            log.warn("cannot close spool dir={} error={}", dir, e.toString());
        }
    }
}
