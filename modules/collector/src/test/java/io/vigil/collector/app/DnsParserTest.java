package io.vigil.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** The first question of a DNS message as the flow records carry it: lowercase, bounded, never a loop. */
class DnsParserTest {

    @Test
    void aQueryGivesItsIdTypeAndLowercaseName() {
        byte[] q = message(0x1234, 0x0100, labels("WWW", "Example", "ORG"), 28);

        DnsParser.Message m = DnsParser.parse(q, 0, q.length);

        assertThat(m).isEqualTo(new DnsParser.Message(0x1234, false, 0, "www.example.org", 28));
        assertThat(DnsParser.looksLikeDns(q, 0, q.length)).isTrue();
    }

    @Test
    void aResponseGivesItsRcodeAndAnOffsetIntoTheBufferIsHonoured() {
        byte[] r = message(7, 0x8183, labels("nope", "example", "net"), 1);
        byte[] padded = new byte[r.length + 9];
        System.arraycopy(r, 0, padded, 5, r.length);

        assertThat(DnsParser.parse(padded, 5, r.length)).isEqualTo(new DnsParser.Message(7, true, 3, "nope.example.net", 1));
    }

    @Test
    void bytesOutsidePrintableAsciiBecomeQuestionMarks() {
        byte[] q = message(1, 0x0100, new byte[] {3, 'a', 0x01, (byte) 0xe9, 2, 'B', ' ', 0}, 16);

        assertThat(DnsParser.parse(q, 0, q.length).name()).isEqualTo("a??.b?");
    }

    @Test
    void aNameUpTo253CharactersIsReadAndALongerOneRefused() {
        String l63 = "a".repeat(63);
        byte[] fits = message(1, 0x0100, labels(l63, l63, l63, "b".repeat(61)), 1); // 63*3 + 61 + 3 dots = 253
        byte[] tooLong = message(1, 0x0100, labels(l63, l63, l63, l63), 1);

        assertThat(DnsParser.parse(fits, 0, fits.length).name()).hasSize(253);
        assertThat(DnsParser.looksLikeDns(fits, 0, fits.length)).isTrue();
        assertThat(DnsParser.parse(tooLong, 0, tooLong.length)).isNull();
        assertThat(DnsParser.looksLikeDns(tooLong, 0, tooLong.length)).isFalse();
    }

    @Test
    void aCompressionLoopATruncatedNameAndNoQuestionAreRefused() {
        // "a" then a pointer back to the name's own start: followed up to the hop limit, then refused
        byte[] loop = message(1, 0x0100, new byte[] {1, 'a', (byte) 0xc0, 12}, 1);
        byte[] q = message(1, 0x0100, labels("example", "org"), 1);
        byte[] noQuestion = q.clone();
        noQuestion[5] = 0;

        assertThat(DnsParser.parse(loop, 0, loop.length)).isNull();
        assertThat(DnsParser.looksLikeDns(loop, 0, loop.length)).isFalse();
        for (int len = 0; len < q.length - 4; len++) {
            assertThat(DnsParser.parse(q, 0, len)).as("first %d bytes", len).isNull();
            assertThat(DnsParser.looksLikeDns(q, 0, len)).as("first %d bytes", len).isFalse();
        }
        assertThat(DnsParser.parse(noQuestion, 0, noQuestion.length)).isNull();
        assertThat(DnsParser.looksLikeDns(noQuestion, 0, noQuestion.length)).isFalse();
    }

    private static byte[] labels(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : parts) {
            out.write(p.length());
            out.writeBytes(p.getBytes());
        }
        out.write(0);
        return out.toByteArray();
    }

    /** A header with one question, the question's name as given, its type and class IN. */
    private static byte[] message(int id, int flags, byte[] name, int qtype) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] header = {id, flags, 1, 0, 0, 0};
        for (int h : header) {
            out.write(h >> 8);
            out.write(h & 0xff);
        }
        out.writeBytes(name);
        out.write(qtype >> 8);
        out.write(qtype & 0xff);
        out.write(0);
        out.write(1);
        return out.toByteArray();
    }
}
