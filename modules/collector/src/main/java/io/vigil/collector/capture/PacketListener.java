package io.vigil.collector.capture;

/** Receives the frames of a capture, in file order, on the reading thread. */
public interface PacketListener {

    /** A new file (or interface) starts; its frames have link type {@code linkType}. */
    void begin(String source, int linkType) throws CaptureInputException;

    /**
     * One frame: {@code tsNanos} is epoch nanoseconds; the captured bytes are
     * {@code buf[offset, offset+caplen)}, valid only during the call; {@code origLen} is the
     * length on the wire.
     */
    void packet(long tsNanos, byte[] buf, int offset, int caplen, int origLen);

    /** Whether whoever reads should stop (the process was asked to); readers look now and then. */
    default boolean stopRequested() {
        return false;
    }
}
