package io.vigil.collector;

import io.vigil.collector.capture.CaptureFiles;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.capture.JavaCaptureReader;
import io.vigil.collector.capture.PacketListener;
import io.vigil.collector.capture.PcapFileReader;
import io.vigil.collector.capture.ReadResult;
import io.vigil.collector.decode.DecodeResult;
import io.vigil.collector.decode.DecodedPacket;
import io.vigil.collector.decode.PacketDecoder;
import io.vigil.collector.flow.FlowTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Reads capture files in order as one continuous event-time stream into a flow table, and
 * flushes the table when the last file is done. Files are checked before any is read, so a
 * typo in the last of ten names fails at once, not after the first nine.
 */
public final class CaptureReplay implements PacketListener {

    /**
     * How files are read: {@code JAVA} parses the file in Java (the fast path, about twice
     * pcap4j's speed); {@code PCAP4J} goes through libpcap, as live capture does.
     */
    public enum Reader { JAVA, PCAP4J }

    private final FlowTable table;
    private final CaptureStats stats;
    private final Reader reader;
    private final DecodedPacket packet = new DecodedPacket();
    private PacketDecoder decoder;
    private BooleanSupplier stop = () -> false;

    /** Reading stops (as damage: "reading was stopped") once {@code stop} says so. */
    public CaptureReplay stoppingWhen(BooleanSupplier stop) {
        this.stop = stop;
        return this;
    }

    @Override
    public boolean stopRequested() {
        return stop.getAsBoolean();
    }

    public CaptureReplay(FlowTable table, CaptureStats stats) {
        this(table, stats, Reader.JAVA);
    }

    public CaptureReplay(FlowTable table, CaptureStats stats, Reader reader) {
        this.table = table;
        this.stats = stats;
        this.reader = reader;
    }

    /** The outcome of a replay: one result per file. */
    public record Outcome(List<ReadResult> files) {
        public boolean whole() {
            return files.stream().allMatch(ReadResult::whole);
        }

        public long packets() {
            return files.stream().mapToLong(ReadResult::packets).sum();
        }
    }

    /**
     * Replays {@code files}; {@code progress} receives the bytes consumed across all files.
     * Flows still open at the end are exported with {@code end_reason=end_of_input}.
     */
    public Outcome run(List<Path> files, LongConsumer progress) throws CaptureInputException {
        for (Path f : files) CaptureFiles.check(f);
        List<ReadResult> results = new ArrayList<>();
        long[] done = new long[1];
        for (Path f : files) {
            long base = done[0];
            LongConsumer p = progress == null ? null : b -> progress.accept(base + b);
            ReadResult r = reader == Reader.JAVA ? JavaCaptureReader.read(f, this, p)
                    : PcapFileReader.read(f, this, p);
            done[0] += r.bytes();
            results.add(r);
        }
        table.flush("end_of_input");
        return new Outcome(results);
    }

    @Override
    public void begin(String source, int linkType) throws CaptureInputException {
        if (!PacketDecoder.supports(linkType)) {
            throw new CaptureInputException(source + ": link type " + linkType + " is not supported (Vigil reads "
                    + "Ethernet, 802.1Q, Linux cooked SLL/SLL2, raw IP and BSD loopback)");
        }
        decoder = new PacketDecoder(linkType);
    }

    @Override
    public void packet(long tsNanos, byte[] buf, int offset, int caplen, int origLen) {
        stats.frames.lazySet(stats.frames.get() + 1);
        DecodeResult r = decoder.decode(buf, offset, caplen, packet);
        switch (r) {
            case OK:
                table.add(packet, tsNanos);
                break;
            case NOT_IP:
                stats.notIp.incrementAndGet();
                break;
            default:
                stats.malformed.incrementAndGet();
        }
    }
}
