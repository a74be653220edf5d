package io.vigil.collector.capture;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.pcap4j.core.PcapHandle;

/**
 * Reads packets from a pcap4j handle with libpcap's {@code pcap_next_ex}, called directly.
 * Why: pcap4j delivers each packet through a JNA callback out of {@code pcap_dispatch}, with a
 * header structure, a {@code java.sql.Timestamp}, a boxed length and a fresh array per packet;
 * that crossing bounded the capture path at about a million packets a second. Here the loop
 * is in Java: one direct native call per packet, the header read where libpcap left it, the
 * bytes copied into one reused buffer. pcap4j still opens, filters, counts and closes the
 * handle; its handle pointer and lock are read once (pcap4j 1.8.2 keeps them private), and each
 * call holds the lock pcap4j's own reads hold, so a close on another thread waits for it.
 */
final class NextPacket {

    /** What {@link #next()} found. */
    static final int PACKET = 1, NONE = 0, ERROR = -1, END = -2, CLOSED = -3;

    /** The one libpcap function used directly. */
    private static final class Libpcap {
        static {
            Native.register(NativeLibrary.getInstance("pcap"));
        }

        static native int pcap_next_ex(Pointer pcap, Pointer header, Pointer data);
    }

    private static final int LONG = Native.LONG_SIZE;

    private final PcapHandle handle;
    private final Pointer pcap;
    private final Lock lock;
    private final Memory headerOut = new Memory(Native.POINTER_SIZE);
    private final Memory dataOut = new Memory(Native.POINTER_SIZE);
    private byte[] buf = new byte[2048];
    private long seconds, fraction;
    private int caplen, origLen;

    private NextPacket(PcapHandle handle, Pointer pcap, Lock lock) {
        this.handle = handle;
        this.pcap = pcap;
        this.lock = lock;
    }

    /** The reader of an open handle asked for nanosecond timestamps. */
    static NextPacket of(PcapHandle handle) {
        if (handle.getTimestampPrecision() != PcapHandle.TimestampPrecision.NANO) {
            throw new IllegalArgumentException("the handle must give nanosecond timestamps");
        }
        try {
            Pointer pcap = (Pointer) field("handle").get(handle);
            ReentrantReadWriteLock lock = (ReentrantReadWriteLock) field("handleLock").get(handle);
            return new NextPacket(handle, pcap, lock.readLock());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("this pcap4j is not the 1.8 Vigil was built with: " + e, e);
        }
    }

    private static Field field(String name) throws NoSuchFieldException {
        Field f = PcapHandle.class.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    /**
     * Reads the next packet: {@link #PACKET} (then {@link #buffer()}, {@link #caplen()},
     * {@link #origLen()} and the time describe it until the next call), {@link #NONE} (nothing
     * waiting on a non-blocking handle), {@link #ERROR} ({@link #error()} says why), {@link #END}
     * of a file, or {@link #CLOSED} when the handle was closed meanwhile.
     */
    int next() {
        lock.lock();
        try {
            if (!handle.isOpen()) return CLOSED;
            int rc = Libpcap.pcap_next_ex(pcap, headerOut, dataOut);
            if (rc != 1) return rc == 0 ? NONE : rc == -2 ? END : ERROR;
            Pointer h = headerOut.getPointer(0);
            seconds = LONG == 8 ? h.getLong(0) : h.getInt(0);
            fraction = LONG == 8 ? h.getLong(8) : h.getInt(4);
            caplen = h.getInt(2L * LONG);
            origLen = h.getInt(2L * LONG + 4);
            if (caplen > buf.length) buf = new byte[Math.max(caplen, buf.length * 2)];
            dataOut.getPointer(0).read(0, buf, 0, caplen);
            return PACKET;
        } finally {
            lock.unlock();
        }
    }

    /** The packet's time in epoch nanoseconds. */
    long tsNanos() {
        return seconds * 1_000_000_000L + fraction;
    }

    /** Why the packet's time is not one, or null: its fraction must be under a second. */
    String badTime() {
        return fraction >= 0 && fraction < 1_000_000_000L ? null
                : "the record's fraction of a second is " + fraction + " ns, not under a second";
    }

    byte[] buffer() {
        return buf;
    }

    int caplen() {
        return caplen;
    }

    int origLen() {
        return origLen;
    }

    /** libpcap's message for the last {@link #ERROR}. */
    String error() {
        try {
            return handle.getError();
        } catch (org.pcap4j.core.NotOpenException e) {
            return "the capture was closed";
        }
    }
}
