package io.vigil.collector.netflow;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A v9 or IPFIX template: the fields of its data records, in order. {@link #read} takes one
 * record into {@link Values}, keeping the fields a flow needs and skipping the rest.
 */
record Template(int id, List<Field> fields, boolean options) {

    /** One field: information element, length (65535: variable, IPFIX), enterprise, scope. */
    record Field(int ie, int length, long enterprise, boolean scope) {}

    static final int VARIABLE = 65535;

    /** The shortest a record can be (variable-length fields at one byte). */
    int minLength() {
        int n = 0;
        for (Field f : fields) n += f.length == VARIABLE ? 1 : f.length;
        return n;
    }

    /** Reads one record from {@code at}; returns where the next begins, or -1 if it runs past {@code stop}. */
    int read(ByteBuffer b, int at, int stop, Values v) {
        for (Field f : fields) {
            int len = f.length;
            if (len == VARIABLE) {
                if (at + 1 > stop) return -1;
                len = b.get(at) & 0xff;
                at += 1;
                if (len == 255) {
                    if (at + 2 > stop) return -1;
                    len = b.getShort(at) & 0xffff;
                    at += 2;
                }
            }
            if (at + len > stop) return -1;
            if (f.enterprise == 0) v.set(f.ie, b, at, len);
            else if (f.enterprise == ExportDecoder.REVERSE_PEN) v.setReverse(f.ie, b, at, len);
            at += len;
        }
        return at;
    }

    /** The fields of one record that make a flow (v9 field types and IPFIX elements share numbers). */
    static final class Values {
        String src, dst;
        int srcPort, dstPort, proto, tcpFlags, reverseTcpFlags;
        long packets, bytes, reversePackets, reverseBytes, sampling, packetInterval, packetSpace, systemInit;
        long firstUptime = -1, lastUptime = -1, firstAbsMs = -1, lastAbsMs = -1;

        void set(int ie, ByteBuffer b, int at, int len) {
            switch (ie) {
                case 1, 85 -> bytes = Math.max(bytes, unsigned(b, at, len));          // octetDeltaCount, octetTotalCount
                case 2, 86 -> packets = Math.max(packets, unsigned(b, at, len));      // packetDeltaCount, packetTotalCount
                case 4 -> proto = (int) unsigned(b, at, len);
                case 6 -> tcpFlags = (int) unsigned(b, at, len) & 0xff;
                case 7 -> srcPort = (int) unsigned(b, at, len);
                case 11 -> dstPort = (int) unsigned(b, at, len);
                case 8 -> src = len == 4 ? ExportDecoder.ipv4(b.getInt(at)) : src;
                case 12 -> dst = len == 4 ? ExportDecoder.ipv4(b.getInt(at)) : dst;
                case 27 -> src = len == 16 ? ExportDecoder.ipv6(bytes(b, at, 16)) : src;
                case 28 -> dst = len == 16 ? ExportDecoder.ipv6(bytes(b, at, 16)) : dst;
                case 22 -> firstUptime = unsigned(b, at, len);                        // flowStartSysUpTime
                case 21 -> lastUptime = unsigned(b, at, len);                         // flowEndSysUpTime
                case 150 -> firstAbsMs = unsigned(b, at, len) * 1000;                 // flowStartSeconds
                case 151 -> lastAbsMs = unsigned(b, at, len) * 1000;
                case 152 -> firstAbsMs = unsigned(b, at, len);                        // flowStartMilliseconds
                case 153 -> lastAbsMs = unsigned(b, at, len);
                case 154 -> firstAbsMs = ntp(b, at);                                  // flowStartMicroseconds (NTP format)
                case 155 -> lastAbsMs = ntp(b, at);
                case 156 -> firstAbsMs = ntp(b, at);                                  // flowStartNanoseconds (NTP format)
                case 157 -> lastAbsMs = ntp(b, at);
                case 34 -> sampling = unsigned(b, at, len);                           // samplingInterval: 1 in N
                case 305 -> packetInterval = unsigned(b, at, len);                    // samplingPacketInterval
                case 306 -> packetSpace = unsigned(b, at, len);                       // samplingPacketSpace
                case 160 -> systemInit = unsigned(b, at, len);                        // systemInitTimeMilliseconds
                default -> { }
            }
        }

        /** The sampling rate this record states (N for 1 in N), or 0 when it states none. */
        int rate() {
            if (sampling > 0) return (int) sampling;
            // count-based systematic sampling (RFC 5476): interval packets taken of every interval + space
            if (packetInterval > 0) return (int) Math.max(1, (packetInterval + packetSpace) / packetInterval);
            return 0;
        }

        /** RFC 5103: the reverse direction's counters of a biflow. */
        void setReverse(int ie, ByteBuffer b, int at, int len) {
            switch (ie) {
                case 1, 85 -> reverseBytes = Math.max(reverseBytes, unsigned(b, at, len));
                case 2, 86 -> reversePackets = Math.max(reversePackets, unsigned(b, at, len));
                case 6 -> reverseTcpFlags = (int) unsigned(b, at, len) & 0xff;
                default -> { }
            }
        }

        private static long unsigned(ByteBuffer b, int at, int len) {
            long v = 0;
            for (int i = 0; i < Math.min(len, 8); i++) v = (v << 8) | (b.get(at + i) & 0xff);
            return v;
        }

        private static byte[] bytes(ByteBuffer b, int at, int len) {
            byte[] a = new byte[len];
            for (int i = 0; i < len; i++) a[i] = b.get(at + i);
            return a;
        }

        /** NTP timestamp (seconds since 1900, fraction) in epoch milliseconds. */
        private static long ntp(ByteBuffer b, int at) {
            long seconds = b.getInt(at) & 0xffffffffL;
            long fraction = b.getInt(at + 4) & 0xffffffffL;
            return (seconds - 2_208_988_800L) * 1000 + (fraction * 1000 >>> 32);
        }
    }
}
