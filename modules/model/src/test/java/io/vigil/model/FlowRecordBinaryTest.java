package io.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The binary encoding of flow records (docs/contracts.md): lossless, told from JSON, and strict. */
class FlowRecordBinaryTest {

    static List<FlowRecord> variety() {
        FlowRecord f = ContractTest.flow();
        return List.of(f,
                f.toBuilder().dns(new FlowRecord.DnsFacts(List.of(new FlowRecord.DnsQuery("quo\"te.é.example", "TXT", "NOERROR"),
                        new FlowRecord.DnsQuery("b.example", null, null)), 3, 1, 2, 31, 9,
                        new LinkedHashMap<>(Map.of("A", 2, "TXT", 1)), 90, 90)).appProto("dns").cleartextLogin("ftp PASS").build(),
                f.toBuilder().source("netflow").serverName("portal.care-example.net").build(),
                f.toBuilder().proto("icmp").icmp(new FlowRecord.IcmpFacts(5, 58, 1, 3)).direction(null).build(),
                f.toBuilder().seq(1).flowStart(f.start() - 2_000)
                        .bursts(new FlowRecord.Bursts(40, List.of(1_000, 21_000), List.of(900, 880))).build(),
                // values validation refuses must still arrive as written, so the reason can be told
                f.toBuilder().start(-5).end(-9).src("ip-0badc0ffee", -1).out(Long.MAX_VALUE, Long.MIN_VALUE).build(),
                FlowRecord.endOfInput("s", "c", 5, new FlowRecord.EndOfInput("r", 1, 2)),
                new FlowRecord(0, null, null, null, 0, 0, 0, null, null, 0, null, 0, 0, 0, 0, 0, 0, 0, null, null, null,
                        null, null, null, null, null, null, null, null, null, null));
    }

    @Test
    void everyFieldComesBackAsWritten() throws Exception {
        for (FlowRecord r : variety()) {
            byte[] b = FlowRecordBinary.write(r);
            assertThat(FlowRecordBinary.isBinary(b)).isTrue();
            assertThat(FlowRecordBinary.read(b)).isEqualTo(r);
            assertThat(FlowRecordReader.read(b)).isEqualTo(r);
            assertThat(JsonSerde.binaryFlows().serialize("t", r)).isEqualTo(b);
        }
    }

    @Test
    void bothEncodingsAreReadBySameSerdeAndBinaryIsSmaller() {
        FlowRecord r = ContractTest.flow();
        byte[] json = JsonSerde.flows().serialize("t", r), binary = JsonSerde.binaryFlows().serialize("t", r);
        assertThat(json[0]).isEqualTo((byte) '{');
        assertThat(JsonSerde.flows().deserialize("t", binary)).isEqualTo(r);
        assertThat(JsonSerde.binaryFlows().deserialize("t", json)).isEqualTo(r);
        assertThat(binary.length).isLessThan(json.length / 2);
    }

    @Test
    void everyTruncationAndTrailingByteIsRefusedWithItsPlace() {
        for (FlowRecord r : variety()) {
            byte[] b = FlowRecordBinary.write(r);
            for (int n = 0; n < b.length; n++) {
                byte[] cut = Arrays.copyOf(b, n);
                assertThatThrownBy(() -> FlowRecordBinary.read(cut)).as("cut at %d", n)
                        .isInstanceOf(FlowRecordBinary.Malformed.class).hasMessageContaining("at byte");
            }
            byte[] longer = Arrays.copyOf(b, b.length + 1);
            assertThatThrownBy(() -> FlowRecordBinary.read(longer)).hasMessage(
                    "binary flow record: 1 bytes after the record at byte " + b.length);
        }
    }

    @Test
    void anUnknownFormatOrGarbageIsOneLineNamingTheTopicNeverAnotherException() {
        byte[] b = FlowRecordBinary.write(ContractTest.flow());
        b[1] = 9;
        assertThatThrownBy(() -> JsonSerde.flows().deserialize("vigil.flows.v1", b)).isInstanceOf(SerializationException.class)
                .hasMessage("not a valid FlowRecord on vigil.flows.v1: binary flow record: format 9 unknown (this reader knows 1) at byte 1");
        Random random = new Random(7);
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[1 + random.nextInt(60)];
            random.nextBytes(junk);
            junk[0] = FlowRecordBinary.MAGIC;
            if (junk.length > 1 && random.nextBoolean()) junk[1] = FlowRecordBinary.FORMAT;
            try {
                JsonSerde.flows().deserialize("t", junk);
            } catch (SerializationException e) {
                assertThat(e.getMessage()).doesNotContain("\n");
                reasons.add(e.getMessage());
            }
        }
        assertThat(reasons).hasSizeGreaterThan(19_000).anyMatch(m -> m.contains("truncated"))
                .allMatch(m -> m.startsWith("not a valid FlowRecord on t: ") || m.startsWith("invalid FlowRecord on t: "));
    }

    @Test
    void namesAreUtf8() throws Exception {
        FlowRecord r = ContractTest.flow().toBuilder().serverName("prüfung.例え.jp").build();
        byte[] b = FlowRecordBinary.write(r);
        assertThat(new String(b, StandardCharsets.ISO_8859_1)).doesNotContain("prüfung");
        assertThat(FlowRecordBinary.read(b).serverName()).isEqualTo("prüfung.例え.jp");
    }
}
