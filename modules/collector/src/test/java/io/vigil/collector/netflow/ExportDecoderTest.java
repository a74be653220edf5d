package io.vigil.collector.netflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Export packets built byte by byte: what each version carries, and what is counted when it cannot be used. */
class ExportDecoderTest {

    final ExporterStats stats = new ExporterStats();
    final ExportDecoder decoder = new ExportDecoder(stats);

    /** A v5 packet of {@code count} records from 10.0.0.1:40000 to 192.0.2.1:443, sampled 1 in {@code rate}. */
    static byte[] v5(long seq, int count, int rate) {
        ByteBuffer b = ByteBuffer.allocate(24 + 48 * count);
        b.putShort((short) 5).putShort((short) count).putInt(100_000).putInt(1_793_000_000).putInt(0).putInt((int) seq)
                .put((byte) 0).put((byte) 0).putShort((short) rate);
        for (int i = 0; i < count; i++) {
            b.putInt(0x0a000001).putInt(0xc0000201).putInt(0).putShort((short) 1).putShort((short) 2)
                    .putInt(10).putInt(1500).putInt(90_000).putInt(99_000).putShort((short) 40000).putShort((short) 443)
                    .put((byte) 0).put((byte) 0x1b).put((byte) 6).put((byte) 0).putShort((short) 0).putShort((short) 0)
                    .put((byte) 0).put((byte) 0).putShort((short) 0);
        }
        return b.array();
    }

    @Test
    void v5RecordsCarryAddressesPortsCountsAndTimesFromTheExportersUptime() {
        List<ExportedFlow> flows = decoder.decode("192.0.2.9", v5(0, 2, 0), 24 + 96);
        assertThat(flows).hasSize(2);
        ExportedFlow f = flows.get(0);
        assertThat(f.src()).isEqualTo("10.0.0.1");
        assertThat(f.dst()).isEqualTo("192.0.2.1");
        assertThat(f.dstPort()).isEqualTo(443);
        assertThat(f.proto()).isEqualTo(6);
        assertThat(f.tcpFlags()).isEqualTo(0x1b);
        assertThat(f.packets()).isEqualTo(10);
        // the export is at 1 793 000 000 s with 100 s of uptime; the flow ran from uptime 90 s to 99 s
        assertThat(f.firstMs()).isEqualTo(1_793_000_000_000L - 10_000);
        assertThat(f.lastMs()).isEqualTo(1_793_000_000_000L - 1_000);
    }

    @Test
    void aSampledExportIsScaledAndSaysItsRate() {
        ExportedFlow f = decoder.decode("192.0.2.9", v5(0, 1, 100), 72).get(0);
        assertThat(f.packets()).isEqualTo(1000);
        assertThat(f.bytes()).isEqualTo(150_000);
        assertThat(f.sampling()).isEqualTo(100);
    }

    @Test
    void lostExportPacketsAreCountedAsAGapAndALateOneAsOutOfOrder() {
        decoder.decode("192.0.2.9", v5(0, 2, 0), 120);
        decoder.decode("192.0.2.9", v5(5, 1, 0), 72); // records 2, 3 and 4 never came
        assertThat(stats.get("192.0.2.9", ExporterStats.Kind.LOST)).isEqualTo(3);
        decoder.decode("192.0.2.9", v5(2, 1, 0), 72);
        assertThat(stats.get("192.0.2.9", ExporterStats.Kind.OUT_OF_ORDER)).isEqualTo(1);
    }

    @Test
    void aDamagedPacketSaysWhatAndWhere() {
        assertThatThrownBy(() -> decoder.decode("192.0.2.9", v5(0, 2, 0), 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v5 record 2 of 2 at byte 72");
        assertThatThrownBy(() -> decoder.decode("192.0.2.9", new byte[] {0, 7, 0, 0}, 4))
                .hasMessageContaining("version 7 is not NetFlow v5, v9 or IPFIX");
        assertThatThrownBy(() -> decoder.decode("192.0.2.9", new byte[] {0, 10}, 2)).hasMessageContaining("too short");
    }

    /** An IPFIX message: a template of (src v4, dst v4, proto, octets, a variable-length string) and one record. */
    static byte[] ipfix(boolean withTemplate, long seq) {
        ByteBuffer b = ByteBuffer.allocate(200);
        b.putShort((short) 10).putShort((short) 0).putInt(1_793_000_000).putInt((int) seq).putInt(7);
        if (withTemplate) {
            b.putShort((short) 2).putShort((short) (4 + 4 + 5 * 4)).putShort((short) 300).putShort((short) 5)
                    .putShort((short) 8).putShort((short) 4).putShort((short) 12).putShort((short) 4)
                    .putShort((short) 4).putShort((short) 1).putShort((short) 1).putShort((short) 8)
                    .putShort((short) 82).putShort((short) 65535); // interfaceName, variable length
        }
        b.putShort((short) 300).putShort((short) (4 + 4 + 4 + 1 + 8 + 1 + 4));
        b.putInt(0x0a000002).putInt(0xc6336407).put((byte) 17).putLong(4242).put((byte) 4).put("eth0".getBytes());
        int len = b.position();
        b.putShort(2, (short) len);
        byte[] out = new byte[len];
        System.arraycopy(b.array(), 0, out, 0, len);
        return out;
    }

    @Test
    void ipfixDataBeforeItsTemplateIsATemplateMissAndAfterItAFlowWithVariableLengthFieldsSkipped() {
        byte[] noTemplate = ipfix(false, 0);
        assertThat(decoder.decode("192.0.2.9", noTemplate, noTemplate.length)).isEmpty();
        assertThat(stats.get("192.0.2.9", ExporterStats.Kind.TEMPLATE_MISSES)).isEqualTo(1);
        byte[] full = ipfix(true, 0);
        List<ExportedFlow> flows = decoder.decode("192.0.2.9", full, full.length);
        assertThat(flows).singleElement().satisfies(f -> {
            assertThat(f.src()).isEqualTo("10.0.0.2");
            assertThat(f.dst()).isEqualTo("198.51.100.7");
            assertThat(f.proto()).isEqualTo(17);
            assertThat(f.bytes()).isEqualTo(4242);
        });
        // another exporter has no such template: templates are per exporter and domain
        assertThat(decoder.decode("192.0.2.10", noTemplate, noTemplate.length)).isEmpty();
        assertThat(stats.get("192.0.2.10", ExporterStats.Kind.TEMPLATE_MISSES)).isEqualTo(1);
    }

    @Test
    void aV9ExporterUpForThirtyDaysDatesItsFlowsByItsUptime() {
        long up = 30L * 24 * 3600 * 1000; // past 2^31 ms: read as a plain signed offset it would go wrong
        ByteBuffer b = ByteBuffer.allocate(200);
        b.putShort((short) 9).putShort((short) 2).putInt((int) up).putInt(1_793_000_000).putInt(1).putInt(0);
        // template 300: src, dst, first switched, last switched, packets
        b.putShort((short) 0).putShort((short) (4 + 4 + 5 * 4)).putShort((short) 300).putShort((short) 5)
                .putShort((short) 8).putShort((short) 4).putShort((short) 12).putShort((short) 4)
                .putShort((short) 22).putShort((short) 4).putShort((short) 21).putShort((short) 4)
                .putShort((short) 2).putShort((short) 4);
        b.putShort((short) 300).putShort((short) (4 + 20));
        b.putInt(0x0a000003).putInt(0xc0000202).putInt((int) (up - 9_000)).putInt((int) (up - 2_000)).putInt(7);
        byte[] packet = Arrays.copyOf(b.array(), b.position());
        ExportedFlow f = decoder.decode("192.0.2.9", packet, packet.length).get(0);
        assertThat(f.firstMs()).isEqualTo(1_793_000_000_000L - 9_000);
        assertThat(f.lastMs()).isEqualTo(1_793_000_000_000L - 2_000);
        assertThat(f.packets()).isEqualTo(7);
    }

    @Test
    void ipv6AddressesAreWrittenAsTheCapturePathWritesThem() {
        ByteBuffer b = ByteBuffer.allocate(200);
        b.putShort((short) 10).putShort((short) 0).putInt(1_793_000_000).putInt(0).putInt(7);
        // template 301: sourceIPv6Address, destinationIPv6Address, protocolIdentifier
        b.putShort((short) 2).putShort((short) (4 + 4 + 3 * 4)).putShort((short) 301).putShort((short) 3)
                .putShort((short) 27).putShort((short) 16).putShort((short) 28).putShort((short) 16)
                .putShort((short) 4).putShort((short) 1);
        b.putShort((short) 301).putShort((short) (4 + 33));
        b.put(HexFormat.of().parseHex("20010db8000a00000000000000000020"))
                .put(HexFormat.of().parseHex("20010db8000b0000000000000000fe80")).put((byte) 6);
        int len = b.position();
        b.putShort(2, (short) len);
        byte[] packet = Arrays.copyOf(b.array(), len);
        ExportedFlow f = decoder.decode("2001:db8::9", packet, packet.length).get(0);
        // RFC 5952, as the capture path and every address literal a person types: never 2001:db8:a:0:0:0:0:20
        assertThat(f.src()).isEqualTo("2001:db8:a::20");
        assertThat(f.dst()).isEqualTo("2001:db8:b::fe80");
    }
}
