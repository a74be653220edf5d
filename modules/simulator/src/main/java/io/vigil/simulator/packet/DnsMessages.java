package io.vigil.simulator.packet;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** DNS queries and responses in wire format (RFC 1035), one question each. */
public final class DnsMessages {

    public static final int A = 1, AAAA = 28, TXT = 16, MX = 15, CNAME = 5, NULL = 10;
    public static final int NOERROR = 0, NXDOMAIN = 3, SERVFAIL = 2;

    private DnsMessages() {}

    public static byte[] query(int id, String name, int qtype) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        header(out, id, 0x0100, 1, 0);
        question(out, name, qtype);
        return out.toByteArray();
    }

    /** A response; with {@code rcode} NOERROR it carries one answer of {@code answer} bytes (A: 4 bytes). */
    public static byte[] response(int id, String name, int qtype, int rcode, byte[] answer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean hasAnswer = rcode == NOERROR && answer != null;
        header(out, id, 0x8180 | rcode, 1, hasAnswer ? 1 : 0);
        question(out, name, qtype);
        if (hasAnswer) {
            // Name as a compression pointer to the question at offset 12.
            ByteBuffer rr = ByteBuffer.allocate(12 + answer.length);
            rr.putShort((short) 0xC00C).putShort((short) qtype).putShort((short) 1).putInt(300)
                    .putShort((short) answer.length).put(answer);
            out.writeBytes(rr.array());
        }
        return out.toByteArray();
    }

    /** The same message prefixed with its two-byte length, as DNS over TCP sends it. */
    public static byte[] overTcp(byte[] message) {
        return ByteBuffer.allocate(2 + message.length).putShort((short) message.length).put(message).array();
    }

    private static void header(ByteArrayOutputStream out, int id, int flags, int qd, int an) {
        out.writeBytes(ByteBuffer.allocate(12).putShort((short) id).putShort((short) flags).putShort((short) qd)
                .putShort((short) an).putShort((short) 0).putShort((short) 0).array());
    }

    private static void question(ByteArrayOutputStream out, String name, int qtype) {
        for (String label : name.split("\\.")) {
            if (label.isEmpty()) continue;
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            out.write(l.length);
            out.writeBytes(l);
        }
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putShort((short) qtype).putShort((short) 1).array());
    }
}
