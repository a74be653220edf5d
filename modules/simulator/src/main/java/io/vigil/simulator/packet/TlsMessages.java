package io.vigil.simulator.packet;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * TLS ClientHello and ServerHello records as real stacks send them: the record layer says
 * 1.0 or 1.2, the hello says 1.2, and TLS 1.3 is only in the supported_versions extension.
 */
public final class TlsMessages {

    public static final int SSL3 = 0x0300, TLS10 = 0x0301, TLS11 = 0x0302, TLS12 = 0x0303, TLS13 = 0x0304;

    private TlsMessages() {}

    /** A ClientHello offering versions {@code max} down to 1.2 (or just {@code max} when older). */
    public static byte[] clientHello(String serverName, int max) {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        byte[] sni = serverName.getBytes(StandardCharsets.US_ASCII);
        extension(ext, 0x0000, ByteBuffer.allocate(5 + sni.length).putShort((short) (3 + sni.length))
                .put((byte) 0).putShort((short) sni.length).put(sni).array());
        if (max >= TLS13) {
            extension(ext, 0x002b, new byte[] {4, 0x03, 0x04, 0x03, 0x03});
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(u16(Math.min(max, TLS12)));
        body.writeBytes(new byte[32]);
        body.write(0);
        body.writeBytes(u16(4));
        body.writeBytes(new byte[] {0x13, 0x01, (byte) 0xc0, 0x2f});
        body.write(1);
        body.write(0);
        body.writeBytes(u16(ext.size()));
        body.writeBytes(ext.toByteArray());
        return record(1, Math.min(max, TLS10), body.toByteArray());
    }

    /** A ServerHello choosing {@code version} (1.3 as supported_versions, the rest in the hello). */
    public static byte[] serverHello(int version) {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        if (version >= TLS13) extension(ext, 0x002b, new byte[] {0x03, 0x04});
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(u16(Math.min(version, TLS12)));
        body.writeBytes(new byte[32]);
        body.write(0);
        body.writeBytes(new byte[] {0x13, 0x01});
        body.write(0);
        body.writeBytes(u16(ext.size()));
        body.writeBytes(ext.toByteArray());
        return record(2, Math.min(version, TLS12), body.toByteArray());
    }

    private static byte[] record(int handshakeType, int recordVersion, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(5 + 4 + body.length);
        b.put((byte) 22).putShort((short) recordVersion).putShort((short) (4 + body.length))
                .put((byte) handshakeType).put((byte) 0).putShort((short) body.length).put(body);
        return b.array();
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        out.writeBytes(u16(type));
        out.writeBytes(u16(data.length));
        out.writeBytes(data);
    }

    private static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }
}
