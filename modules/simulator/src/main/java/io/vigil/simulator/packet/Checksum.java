package io.vigil.simulator.packet;

/** The Internet checksum (RFC 1071), accumulated in an int and folded at the end. */
final class Checksum {

    private Checksum() {}

    static int add(int sum, byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        for (; i + 1 < end; i += 2) sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        if (i < end) sum += (b[i] & 0xff) << 8;
        return sum;
    }

    static int finish(int sum) {
        long s = sum & 0xffffffffL;
        while ((s >> 16) != 0) s = (s & 0xffff) + (s >> 16);
        return (int) (~s & 0xffff);
    }
}
