package io.vigil.collector.capture;

/**
 * How reading one file ended: packets delivered, bytes of the file consumed, and, when the
 * file was damaged, a one-line description of where (null when it was read whole).
 */
public record ReadResult(String file, long packets, long bytes, String damage) {

    public boolean whole() {
        return damage == null;
    }
}
