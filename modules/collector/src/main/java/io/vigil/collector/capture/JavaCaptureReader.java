package io.vigil.collector.capture;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Reads pcap and pcapng files in plain Java: the file is read in large blocks into one
 * buffer, and each frame is handed to the listener where it lies in that buffer — no native
 * call, no copy and no allocation per packet. It is the fast path for file input; live
 * capture stays on pcap4j. It knows the exact byte offset of any damage, which libpcap does
 * not report for pcapng. (A memory map was tried first: as fast, but the whole file then
 * counts in the process's resident memory.)
 *
 * <p>pcap: either byte order, micro- or nanosecond magic. pcapng: several sections and
 * interfaces (each with its link type, {@code if_tsresol} and {@code if_tsoffset}),
 * enhanced, simple and obsolete packet blocks; other blocks are skipped.
 */
public final class JavaCaptureReader {

    private static final int MAX_FRAME = 262_144;
    private static final int MAX_BLOCK = 64 << 20;

    private final Path file;
    private final PacketListener listener;
    private final LongConsumer progress;
    private FileChannel channel;
    private long size;
    private byte[] buf = new byte[8 << 20];
    /** File offset of buf[0], and how many valid bytes buf holds. */
    private long bufStart;
    private int bufLen;
    private boolean bigEndian;
    private long packets;
    private int currentLinkType = -1;
    private final PacketTimes times = PacketTimes.now();

    private JavaCaptureReader(Path file, PacketListener listener, LongConsumer progress) {
        this.file = file;
        this.listener = listener;
        this.progress = progress;
    }

    public static ReadResult read(Path file, PacketListener listener, LongConsumer progress) throws CaptureInputException {
        CaptureFiles.Format format = CaptureFiles.check(file);
        JavaCaptureReader r = new JavaCaptureReader(file, listener, progress);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            r.channel = ch;
            r.size = ch.size();
            String damage = format == CaptureFiles.Format.PCAPNG ? r.pcapng() : r.pcap(format);
            if (progress != null) progress.accept(r.size);
            return new ReadResult(file.toString(), r.packets, r.size, damage);
        } catch (IOException e) {
            throw new CaptureInputException(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Makes file bytes [pos, pos+len) available in the buffer (refilling it from pos when
     * they are not); false when they run past the end of the file.
     */
    private boolean ensure(long pos, int len) throws IOException {
        if (pos + len > size) return false;
        if (pos >= bufStart && pos + len <= bufStart + bufLen) return true;
        if (len > buf.length) buf = new byte[Math.max(len, buf.length * 2)];
        bufStart = pos;
        int want = (int) Math.min(buf.length, size - pos);
        // One copy from the page cache into the buffer through a short-lived map, then unmap
        // at once so the file never counts in resident memory. (FileChannel.read into a heap
        // buffer copies twice, through a temporary direct buffer: 50% slower.)
        MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, pos, want);
        map.get(0, buf, 0, want);
        Unmapper.unmap(map);
        bufLen = want;
        if (progress != null) progress.accept(pos);
        return pos + len <= bufStart + bufLen;
    }

    private int at(long pos) {
        return (int) (pos - bufStart);
    }

    private int i32(long pos) {
        int i = at(pos);
        if (bigEndian) {
            return ((buf[i] & 0xff) << 24) | ((buf[i + 1] & 0xff) << 16) | ((buf[i + 2] & 0xff) << 8) | (buf[i + 3] & 0xff);
        }
        return ((buf[i + 3] & 0xff) << 24) | ((buf[i + 2] & 0xff) << 16) | ((buf[i + 1] & 0xff) << 8) | (buf[i] & 0xff);
    }

    private int u16(long pos) {
        int i = at(pos);
        return bigEndian ? ((buf[i] & 0xff) << 8) | (buf[i + 1] & 0xff) : ((buf[i + 1] & 0xff) << 8) | (buf[i] & 0xff);
    }

    private int bigEndianInt(long pos) {
        int i = at(pos);
        return ((buf[i] & 0xff) << 24) | ((buf[i + 1] & 0xff) << 16) | ((buf[i + 2] & 0xff) << 8) | (buf[i + 3] & 0xff);
    }

    private String pcap(CaptureFiles.Format format) throws IOException, CaptureInputException {
        ensure(0, 24);
        int magic = bigEndianInt(0);
        bigEndian = magic == 0xa1b2c3d4 || magic == 0xa1b23c4d;
        boolean nanos = format == CaptureFiles.Format.PCAP_NANO;
        begin(i32(20) & 0xffff);
        long pos = 24;
        while (pos < size) {
            if (!ensure(pos, 16)) return damage(pos, "truncated record header (" + (size - pos) + " of 16 bytes)");
            long sec = i32(pos) & 0xffffffffL;
            long frac = i32(pos + 4) & 0xffffffffL;
            int incl = i32(pos + 8);
            int orig = i32(pos + 12);
            if (incl < 0 || incl > MAX_FRAME) return damage(pos, "record length " + (incl & 0xffffffffL) + " is not plausible");
            if (!ensure(pos, 16 + incl)) {
                return damage(pos, "truncated record (" + (size - pos - 16) + " of " + incl + " bytes)");
            }
            if (frac >= (nanos ? 1_000_000_000L : 1_000_000L)) {
                return damage(pos, "the record's " + (nanos ? "nanoseconds" : "microseconds") + " field is " + frac
                        + ", a second or more");
            }
            long ts = sec * 1_000_000_000L + (nanos ? frac : frac * 1000);
            String late = times.check(ts);
            if (late != null) return damage(pos, late);
            if ((packets & 0xffff) == 0 && listener.stopRequested()) return damage(pos, "reading was stopped");
            listener.packet(ts, buf, at(pos + 16), incl, Math.max(orig, incl));
            packets++;
            pos += 16 + incl;
        }
        return null;
    }

    /** One pcapng interface: link type and how to turn its timestamps into nanoseconds. */
    private record Interface(int linkType, long unitsPerSecond, boolean powerOfTwo, int exponent, long offsetSeconds) {
        long nanos(long value) {
            long base;
            if (powerOfTwo) {
                long whole = value >>> exponent;
                long rest = value & ((1L << exponent) - 1);
                base = Math.addExact(Math.multiplyExact(whole, 1_000_000_000L), rest * 1_000_000_000L >>> exponent);
            } else if (unitsPerSecond <= 1_000_000_000L) {
                base = Math.multiplyExact(value, 1_000_000_000L / unitsPerSecond);
            } else {
                base = value / (unitsPerSecond / 1_000_000_000L);
            }
            return Math.addExact(base, Math.multiplyExact(offsetSeconds, 1_000_000_000L));
        }
    }

    private String pcapng() throws IOException, CaptureInputException {
        List<Interface> interfaces = new ArrayList<>();
        long pos = 0;
        long lastTs = 0;
        while (pos < size) {
            if (!ensure(pos, 12)) return damage(pos, "truncated block header");
            // The section header's type reads the same in both byte orders.
            int type = i32(pos);
            if (type == 0x0A0D0D0A) {
                int bom = bigEndianInt(pos + 8);
                if (bom == 0x1A2B3C4D) bigEndian = true;
                else if (bom == 0x4D3C2B1A) bigEndian = false;
                else return damage(pos, "section header with a bad byte-order magic");
                interfaces.clear();
            }
            long len = i32(pos + 4) & 0xffffffffL;
            if (len < 12 || len % 4 != 0 || len > MAX_BLOCK) return damage(pos, "block length " + len + " is not plausible");
            if (!ensure(pos, (int) len)) return damage(pos, "truncated block (" + (size - pos) + " of " + len + " bytes)");
            if (type == 1) {
                interfaces.add(readInterface(pos, len));
            } else if (type == 6 || type == 2) {
                int ifId = type == 6 ? i32(pos + 8) : u16(pos + 8);
                if (ifId < 0 || ifId >= interfaces.size()) return damage(pos, "packet for unknown interface " + ifId);
                Interface itf = interfaces.get(ifId);
                long ts = ((i32(pos + 12) & 0xffffffffL) << 32) | (i32(pos + 16) & 0xffffffffL);
                int cap = i32(pos + 20);
                int orig = i32(pos + 24);
                if (cap < 0 || cap > MAX_FRAME || 32 + cap > len) return damage(pos, "captured length " + cap + " does not fit its block");
                begin(itf.linkType());
                try {
                    lastTs = itf.nanos(ts);
                } catch (ArithmeticException e) {
                    return damage(pos, "packet time " + ts + " overflows its interface's resolution");
                }
                String late = times.check(lastTs);
                if (late != null) return damage(pos, late);
                if ((packets & 0xffff) == 0 && listener.stopRequested()) return damage(pos, "reading was stopped");
                listener.packet(lastTs, buf, at(pos + 28), cap, Math.max(orig, cap));
                packets++;
            } else if (type == 3) {
                if (interfaces.isEmpty()) return damage(pos, "simple packet block before any interface");
                int orig = i32(pos + 8);
                int cap = (int) Math.min(orig, len - 16);
                if (cap < 0 || cap > MAX_FRAME) return damage(pos, "simple packet length " + orig + " is not plausible");
                begin(interfaces.get(0).linkType());
                listener.packet(lastTs, buf, at(pos + 12), cap, Math.max(orig, cap));
                packets++;
            }
            pos += len;
        }
        return null;
    }

    private Interface readInterface(long pos, long len) {
        int linkType = u16(pos + 8);
        long units = 1_000_000L;
        boolean pow2 = false;
        int exponent = 6;
        long offset = 0;
        long o = pos + 16;
        long end = pos + len - 4;
        while (o + 4 <= end) {
            int code = u16(o);
            int olen = u16(o + 2);
            if (code == 0) break;
            if (code == 9 && olen >= 1) {
                int v = buf[at(o + 4)] & 0xff;
                pow2 = (v & 0x80) != 0;
                exponent = v & 0x7f;
                units = pow2 ? (1L << Math.min(exponent, 62)) : pow10(Math.min(exponent, 18));
            } else if (code == 14 && olen >= 8) {
                long first = i32(o + 4) & 0xffffffffL;
                long second = i32(o + 8) & 0xffffffffL;
                offset = bigEndian ? (first << 32) | second : (second << 32) | first;
            }
            o += 4 + ((olen + 3) & ~3);
        }
        return new Interface(linkType, units, pow2, exponent, offset);
    }

    private static long pow10(int e) {
        long v = 1;
        for (int i = 0; i < e; i++) v *= 10;
        return v;
    }

    private void begin(int linkType) throws CaptureInputException {
        if (linkType == currentLinkType) return;
        listener.begin(file.toString(), linkType);
        currentLinkType = linkType;
    }

    private String damage(long pos, String what) {
        return file + ": damaged at byte " + pos + " (after packet " + packets + "): " + what + "; the " + packets
                + " packets before it were read";
    }
}
