package io.vigil.runtime.pcap;

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
    // our own buffer, filled by hand: a capture thread writes every packet through it, and a
    // BufferedOutputStream's lock and a ByteBuffer per header cost more than the copy
    private final byte[] buffer = new byte[1 << 20];
    private int used;

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

    /** Frames of any pcap LINKTYPE {@code linkType} to {@code stream}, which is closed with the writer. */
    public PcapWriter(OutputStream stream, int linkType, boolean nanos, int snaplen) throws IOException {
        this.out = stream;
        this.nanos = nanos;
        this.snaplen = snaplen;
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(nanos ? MAGIC_NANOS : MAGIC_MICROS).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(snaplen).putInt(linkType);
        System.arraycopy(h.array(), 0, buffer, 0, 24);
        used = 24;
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
        if (used + 16 + caplen > buffer.length) drain();
        putInt((int) seconds);
        putInt((int) (nanos ? fraction : fraction / 1000));
        putInt(caplen);
        putInt(Math.max(origLen, caplen));
        if (caplen > buffer.length - used) {
            drain(); // a frame larger than the buffer goes straight out
            out.write(buf, offset, caplen);
            return;
        }
        System.arraycopy(buf, offset, buffer, used, caplen);
        used += caplen;
    }

    private void putInt(int v) {
        buffer[used] = (byte) v;
        buffer[used + 1] = (byte) (v >>> 8);
        buffer[used + 2] = (byte) (v >>> 16);
        buffer[used + 3] = (byte) (v >>> 24);
        used += 4;
    }

    private void drain() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
    }

    /** Pushes what is buffered to the file, so a reader sees every packet written so far. */
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            drain();
        } finally {
            out.close();
        }
    }
}
