package io.vigil.runtime.pcap;

import java.io.Closeable;
import java.io.IOException;

/** Writes frames of one link type to a capture file. */
public interface CaptureWriter extends Closeable {

    /**
     * Writes one frame seen at {@code tsNanos} (epoch nanoseconds); {@code origLen} is the
     * length on the wire, which may exceed {@code frame.length} when the frame was snapped.
     */
    void write(long tsNanos, byte[] frame, int origLen) throws IOException;

    default void write(long tsNanos, byte[] frame) throws IOException {
        write(tsNanos, frame, frame.length);
    }
}
