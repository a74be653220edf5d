package io.vigil.runtime.pcap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * pcapng: a section header block, one interface description block (with
 * {@code if_tsresol} when nanoseconds are asked for), then one enhanced packet block per frame.
 */
public final class PcapngWriter implements CaptureWriter {

    private final OutputStream out;
    private final boolean nanos;
    private final int snaplen;

    public PcapngWriter(Path file, LinkType linkType, boolean nanos, int snaplen) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        this.nanos = nanos;
        this.snaplen = snaplen;
        // Section header block: no options, section length unknown (-1).
        ByteBuffer shb = le(28);
        shb.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0)
                .putLong(-1L).putInt(28);
        out.write(shb.array());
        // Interface description block, with if_tsresol=9 for nanoseconds.
        int optLen = nanos ? 8 + 4 : 0;
        int len = 20 + optLen;
        ByteBuffer idb = le(len);
        idb.putInt(1).putInt(len).putShort((short) linkType.number).putShort((short) 0).putInt(snaplen);
        if (nanos) {
            idb.putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]);
            idb.putShort((short) 0).putShort((short) 0);
        }
        idb.putInt(len);
        out.write(idb.array());
    }

    @Override
    public void write(long tsNanos, byte[] frame, int origLen) throws IOException {
        int caplen = Math.min(frame.length, snaplen);
        int padded = (caplen + 3) & ~3;
        int len = 32 + padded;
        long ts = nanos ? tsNanos : tsNanos / 1000;
        ByteBuffer epb = le(28);
        epb.putInt(6).putInt(len).putInt(0).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(caplen)
                .putInt(Math.max(origLen, caplen));
        out.write(epb.array());
        out.write(frame, 0, caplen);
        out.write(new byte[padded - caplen]);
        out.write(le(4).putInt(len).array());
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
