package io.vigil.runtime.pcap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Classic libpcap format: a 24-byte file header, then a 16-byte record header per frame.
 * Little-endian, as on the machines that write most captures.
 */
public final class PcapWriter implements CaptureWriter {

    private static final int MAGIC_MICROS = 0xa1b2c3d4;
    private static final int MAGIC_NANOS = 0xa1b23c4d;

    private final OutputStream out;
    private final boolean nanos;
    private final int snaplen;
    private final ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);

    public PcapWriter(Path file, LinkType linkType, boolean nanos, int snaplen) throws IOException {
        this(Files.newOutputStream(file), linkType.number, nanos, snaplen);
    }

    /** A file of any pcap LINKTYPE {@code linkType} (the captured frames copied as they are). */
    public PcapWriter(Path file, int linkType, boolean nanos, int snaplen) throws IOException {
        this(Files.newOutputStream(file), linkType, nanos, snaplen);
    }

    public PcapWriter(OutputStream stream, LinkType linkType, boolean nanos, int snaplen) throws IOException {
        this(stream, linkType.number, nanos, snaplen);
    }

    private PcapWriter(OutputStream stream, int linkType, boolean nanos, int snaplen) throws IOException {
        this.out = new BufferedOutputStream(stream, 1 << 16);
        this.nanos = nanos;
        this.snaplen = snaplen;
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(nanos ? MAGIC_NANOS : MAGIC_MICROS).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(snaplen).putInt(linkType);
        out.write(h.array());
    }

    public static PcapWriter open(Path file, LinkType linkType) throws IOException {
        return new PcapWriter(file, linkType, false, 65535);
    }

    @Override
    public void write(long tsNanos, byte[] frame, int origLen) throws IOException {
        write(tsNanos, frame, 0, frame.length, origLen);
    }

    /** Writes the frame in {@code buf[offset, offset+length)}, cut to the snap length. */
    public void write(long tsNanos, byte[] buf, int offset, int length, int origLen) throws IOException {
        int caplen = Math.min(length, snaplen);
        long seconds = Math.floorDiv(tsNanos, 1_000_000_000L);
        long fraction = Math.floorMod(tsNanos, 1_000_000_000L);
        header.clear();
        header.putInt((int) seconds).putInt((int) (nanos ? fraction : fraction / 1000))
                .putInt(caplen).putInt(Math.max(origLen, caplen));
        out.write(header.array());
        out.write(buf, offset, caplen);
    }

    /** Pushes what is buffered to the file, so a reader sees every packet written so far. */
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
