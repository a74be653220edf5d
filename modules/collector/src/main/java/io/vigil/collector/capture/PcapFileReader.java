package io.vigil.collector.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.function.LongConsumer;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.core.RawPacketListener;

/**
 * Reads a capture file with pcap4j's fastest path: {@code loop} with a raw listener, so
 * pcap4j builds no packet objects and the decoder reads the bytes itself. libpcap reads pcap
 * and pcapng, micro- and nanosecond precision; timestamps are asked for in nanoseconds.
 */
public final class PcapFileReader {

    private PcapFileReader() {}

    /**
     * Delivers every frame of {@code file} to {@code listener}. A truncated or corrupt file is
     * read up to the damage and the result says where; other problems throw.
     *
     * @param progress called now and then with the bytes of the file consumed so far
     */
    public static ReadResult read(Path file, PacketListener listener, LongConsumer progress)
            throws CaptureInputException {
        CaptureFiles.Format format = CaptureFiles.check(file);
        PcapHandle handle = open(file);
        try {
            int linkType = handle.getDlt().value();
            listener.begin(file.toString(), linkType);
            long[] counters = new long[2]; // packets, bytes consumed
            counters[1] = format == CaptureFiles.Format.PCAPNG ? 0 : 24;
            long size = Files.size(file);
            PacketTimes times = PacketTimes.now();
            String[] late = {null};
            RawPacketListener raw = frame -> {
                if (late[0] != null) return;
                Timestamp ts = handle.getTimestamp();
                long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
                late[0] = times.check(nanos);
                if (late[0] == null && (counters[0] & 0xffff) == 0 && listener.stopRequested()) late[0] = "reading was stopped";
                if (late[0] != null) {
                    try {
                        handle.breakLoop();
                    } catch (NotOpenException e) {
                        throw new IllegalStateException(e);
                    }
                    return;
                }
                Integer orig = handle.getOriginalLength();
                listener.packet(nanos, frame, 0, frame.length, orig == null ? frame.length : orig);
                counters[0]++;
                // Record header and data; pcapng blocks are close to it (32 bytes and padding).
                counters[1] += (format == CaptureFiles.Format.PCAPNG ? 32 + ((frame.length + 3) & ~3) : 16 + frame.length);
                if ((counters[0] & 0x3fff) == 0 && progress != null) progress.accept(Math.min(counters[1], size));
            };
            String damage = null;
            // A packet pcap4j cannot even hand over (its time is not a time) is damage, said like any other.
            try (CallbackErrors.Scope scope = CallbackErrors.on(e -> {
                if (late[0] != null) return;
                late[0] = "a packet libpcap reads but pcap4j cannot (" + e.getMessage() + ")";
                try {
                    handle.breakLoop();
                } catch (NotOpenException closed) {
                    // closed: the loop is over anyway
                }
            })) {
                handle.loop(-1, raw);
            } catch (PcapNativeException e) {
                damage = describeDamage(file, format, counters[0], counters[1], e.getMessage());
            } catch (InterruptedException e) {
                if (late[0] == null) {
                    Thread.currentThread().interrupt();
                    damage = file + ": reading was interrupted after " + counters[0] + " packets";
                }
                // else: the loop was broken on a packet time that is damage, said below
            }
            if (damage == null && late[0] != null) damage = describeDamage(file, format, counters[0], counters[1], late[0]);
            if (progress != null) progress.accept(damage == null ? size : Math.min(counters[1], size));
            return new ReadResult(file.toString(), counters[0], damage == null ? size : counters[1], damage);
        } catch (NotOpenException e) {
            throw new IllegalStateException("capture handle closed while reading " + file, e);
        } catch (IOException e) {
            throw new CaptureInputException(file + ": cannot read: " + e.getMessage());
        } finally {
            handle.close();
        }
    }

    private static PcapHandle open(Path file) throws CaptureInputException {
        try {
            return Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            throw new CaptureInputException(file + ": libpcap cannot read it: " + e.getMessage());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new CaptureInputException("libpcap is not installed (apt-get install -y libpcap0.8): " + e.getMessage());
        }
    }

    private static String describeDamage(Path file, CaptureFiles.Format format, long packets, long offset,
                                         String libpcapMessage) {
        String where = format == CaptureFiles.Format.PCAPNG
                ? "after packet " + packets
                : "at byte " + offset + " (after packet " + packets + ")";
        String why = libpcapMessage == null ? "unreadable record" : libpcapMessage.replaceFirst("^Error occurred: ", "");
        return file + ": damaged " + where + ": " + why + "; the " + packets
                + " packets before it were read";
    }
}
