package io.vigil.collector.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

/**
 * Reads a capture file through libpcap, the path live capture takes: pcap4j opens it and
 * {@link NextPacket} reads it packet by packet, so the decoder reads the bytes where libpcap
 * left them. libpcap reads pcap and pcapng, micro- and nanosecond precision; timestamps are
 * asked for in nanoseconds.
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
            long packets = 0;
            long consumed = format == CaptureFiles.Format.PCAPNG ? 0 : 24;
            long size = Files.size(file);
            PacketTimes times = PacketTimes.now();
            NextPacket next = NextPacket.of(handle);
            String damage = null;
            while (damage == null) {
                int rc = next.next();
                if (rc == NextPacket.END) break;
                if (rc != NextPacket.PACKET) {
                    damage = describeDamage(file, format, packets, consumed, rc == NextPacket.ERROR ? next.error() : null);
                    break;
                }
                String late = next.badTime();
                if (late == null) late = times.check(next.tsNanos());
                if (late == null && (packets & 0xffff) == 0 && listener.stopRequested()) late = "reading was stopped";
                if (late != null) {
                    damage = describeDamage(file, format, packets, consumed, late);
                    break;
                }
                int caplen = next.caplen();
                try {
                    listener.packet(next.tsNanos(), next.buffer(), 0, caplen, next.origLen());
                } catch (RuntimeException e) {
                    // a packet that breaks the decoder is damage, said like any other, not a stack trace
                    damage = describeDamage(file, format, packets, consumed, "a packet libpcap reads but Vigil cannot (" + e + ")");
                    break;
                }
                packets++;
                // Record header and data; pcapng blocks are close to it (32 bytes and padding).
                consumed += format == CaptureFiles.Format.PCAPNG ? 32 + ((caplen + 3) & ~3) : 16 + caplen;
                if ((packets & 0x3fff) == 0 && progress != null) progress.accept(Math.min(consumed, size));
            }
            if (progress != null) progress.accept(damage == null ? size : Math.min(consumed, size));
            return new ReadResult(file.toString(), packets, damage == null ? size : consumed, damage);
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
