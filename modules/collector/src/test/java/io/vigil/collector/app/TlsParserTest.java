package io.vigil.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ClientHellos built byte by byte: the version offered and the server name asked for. */
class TlsParserTest {

    /** A ClientHello record with a server_name of {@code name} (or raw bytes) and TLS 1.3 offered. */
    static byte[] clientHello(byte[] sni, int nameType) {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        ext.writeBytes(ByteBuffer.allocate(4 + 5 + sni.length).putShort((short) 0).putShort((short) (5 + sni.length))
                .putShort((short) (3 + sni.length)).put((byte) nameType).putShort((short) sni.length).put(sni).array());
        ext.writeBytes(new byte[] {0x00, 0x2b, 0x00, 0x05, 0x04, 0x03, 0x04, 0x03, 0x03});
        ByteBuffer body = ByteBuffer.allocate(2 + 32 + 1 + 2 + 2 + 2 + 2 + ext.size());
        body.putShort((short) 0x0303).put(new byte[32]).put((byte) 0).putShort((short) 2).putShort((short) 0x1301)
                .put((byte) 1).put((byte) 0).putShort((short) ext.size()).put(ext.toByteArray());
        byte[] b = body.array();
        ByteBuffer rec = ByteBuffer.allocate(9 + b.length);
        rec.put((byte) 0x16).putShort((short) 0x0301).putShort((short) (4 + b.length)).put((byte) 1)
                .put((byte) 0).putShort((short) b.length).put(b);
        return rec.array();
    }

    @Test
    void aClientHelloSaysTheServerItWantsInLowerCase() {
        byte[] hello = clientHello("Login.Drop.Example".getBytes(StandardCharsets.US_ASCII), 0);
        TlsParser.Hello h = TlsParser.parse(hello, 0, hello.length);
        assertThat(h.type()).isEqualTo(1);
        assertThat(h.version()).isEqualTo(0x0304);
        assertThat(h.serverName()).isEqualTo("login.drop.example");
    }

    @Test
    void aNameThatIsNoHostNameIsNotTaken() {
        for (byte[] bad : new byte[][] {"bad name".getBytes(), "evil\u0000.example".getBytes(), new byte[] {(byte) 0xc3, (byte) 0xa9}}) {
            byte[] hello = clientHello(bad, 0);
            assertThat(TlsParser.parse(hello, 0, hello.length).serverName()).isNull();
        }
        byte[] otherType = clientHello("a.example".getBytes(), 1);
        assertThat(TlsParser.parse(otherType, 0, otherType.length).serverName()).isNull();
        byte[] cut = clientHello("a.example".getBytes(), 0);
        TlsParser.Hello h = TlsParser.parse(cut, 0, cut.length - 12); // the record ends inside the extension
        assertThat(h.serverName()).isNull();
    }

    @Test
    void sslV2HellosAreReadInTheirOwnRecordFormat() {
        // CLIENT-HELLO offering SSL 2.0 only: length 0x802e, type 1, version 0x0002, then lengths and specs
        byte[] v2Client = {(byte) 0x80, 0x2e, 0x01, 0x00, 0x02, 0x00, 0x15, 0x00, 0x00, 0x00, 0x10, 0x07, 0x00, (byte) 0xc0};
        assertThat(TlsParser.isV2Hello(v2Client, 0, v2Client.length)).isTrue();
        assertThat(TlsParser.parse(v2Client, 0, v2Client.length)).isEqualTo(new TlsParser.Hello(1, 0x0002));
        assertThat(TlsParser.name(0x0002)).isEqualTo("ssl2");
        assertThat(AppClassifier.classify(v2Client, 0, v2Client.length, true, true, 443)).isEqualTo("tls");
        // a TLS 1.0 client that still sends the old format offers 1.0, not SSL 2.0
        byte[] compat = {(byte) 0x80, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15, 0x00, 0x00, 0x00, 0x10};
        assertThat(TlsParser.parse(compat, 0, compat.length).version()).isEqualTo(0x0301);
        // SERVER-HELLO: type 4, session-id-hit, certificate type, version 0x0002: the server speaks SSL 2.0
        byte[] v2Server = {(byte) 0x82, 0x10, 0x04, 0x00, 0x01, 0x00, 0x02, 0x01, 0x00, 0x00, 0x03};
        assertThat(TlsParser.parse(v2Server, 0, v2Server.length)).isEqualTo(new TlsParser.Hello(2, 0x0002));
        // other bytes with the top bit set are not a hello
        byte[] noise = {(byte) 0x85, 0x00, 0x09, 0x00, 0x02, 0x00, 0x00};
        assertThat(TlsParser.isV2Hello(noise, 0, noise.length)).isFalse();
        assertThat(TlsParser.parse(noise, 0, noise.length)).isNull();
    }
}
