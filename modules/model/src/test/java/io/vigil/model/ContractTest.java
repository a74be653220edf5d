package io.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The wire contract in docs/contracts.md: field names, time formats, validation. */
class ContractTest {

    static FlowRecord flow() {
        return FlowRecord.builder().site("s").collector("c").flowId("f1").start(1000).end(2000).proto("tcp")
                .src("10.0.0.1", 40000).dst("198.51.100.7", 443).out(3, 180).in(2, 120)
                .tcpFlags(FlowRecord.SYN | FlowRecord.ACK, FlowRecord.SYN | FlowRecord.ACK).tcpState("established")
                .endReason("fin").direction(Direction.OUTBOUND).appProto("tls").tlsVersion("1.3").build();
    }

    @Test
    void flowRecordsUseTheDocumentedSnakeCaseNames() throws Exception {
        JsonNode j = Json.MAPPER.readTree(Json.write(flow()));
        for (String field : List.of("v", "site", "collector", "flow_id", "start", "end", "proto", "src_ip", "src_port",
                "dst_ip", "dst_port", "packets_out", "bytes_out", "packets_in", "bytes_in", "tcp_flags_out",
                "tcp_flags_in", "tcp_state", "end_reason", "app_proto", "tls_version")) {
            assertThat(j.has(field)).as(field).isTrue();
        }
        assertThat(j.has("end_of_input")).as("no nulls on the wire").isFalse();
        assertThat(j.get("v").asInt()).isEqualTo(1);
    }

    @Test
    void theHandWrittenSerializerWritesWhatTheBeanSerializerWould() throws Exception {
        FlowRecord withDns = flow().toBuilder().dns(new FlowRecord.DnsFacts(
                List.of(new FlowRecord.DnsQuery("a.example", "A", null)), 3, 1, 2, 31, 9,
                new LinkedHashMap<>(Map.of("A", 2)), 90, 90)).cleartextLogin("ftp PASS").build();
        ObjectMapper plain = Json.MAPPER.copy();
        plain.setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
            @Override
            public Object findSerializer(Annotated a) {
                return null;
            }
        });
        FlowRecord exported = flow().toBuilder().source("netflow").build();
        FlowRecord named = flow().toBuilder().serverName("portal.care-example.net").build();
        FlowRecord echo = flow().toBuilder().proto("icmp").icmp(new FlowRecord.IcmpFacts(5, 58, 1, 3)).build();
        FlowRecord later = flow().toBuilder().seq(1).flowStart(flow().start() - 2_000)
                .bursts(new FlowRecord.Bursts(3, List.of(1_000, 21_000), List.of(900, 880))).build();
        for (FlowRecord r : List.of(flow(), withDns, exported, named, echo, later, FlowRecord.endOfInput("s", "c", 5, new FlowRecord.EndOfInput("r", 1, 2)))) {
            assertThat(Json.MAPPER.readTree(Json.write(r))).isEqualTo(plain.readTree(plain.writeValueAsString(r)));
            assertThat(Json.read(Json.write(r), FlowRecord.class)).isEqualTo(r);
            byte[] fast = new FlowRecordJson().toBytes(r);
            assertThat(new String(fast, StandardCharsets.UTF_8)).isEqualTo(Json.write(r));
        }
    }

    @Test
    void theFastWriterEscapesLikeJackson() throws Exception {
        FlowRecord odd = flow().toBuilder().dns(new FlowRecord.DnsFacts(List.of(
                new FlowRecord.DnsQuery("quo\"te\\back\u0001ctl.é.example", "TXT", "NOERROR")), 3, 1)).build();
        String fast = new String(new FlowRecordJson().toBytes(odd), StandardCharsets.UTF_8);
        assertThat(Json.MAPPER.readTree(fast)).isEqualTo(Json.MAPPER.readTree(Json.write(odd)));
        assertThat(Json.read(fast, FlowRecord.class)).isEqualTo(odd);
    }

    @Test
    void theStreamingReaderReadsWhatDataBindingReads() throws Exception {
        FlowRecord odd = flow().toBuilder().dns(new FlowRecord.DnsFacts(List.of(
                new FlowRecord.DnsQuery("quo\"te\\back\u0001ctl.é.example", "TXT", "NOERROR"),
                new FlowRecord.DnsQuery("b.example", null, null)), 3, 1)).appProto("dns").tlsVersion("1.3").build();
        FlowRecord marker = FlowRecord.endOfInput("s", "c", 5, new FlowRecord.EndOfInput("r", 1, 2));
        for (FlowRecord r : List.of(flow(), odd, marker, flow().toBuilder().source("netflow").build(),
                flow().toBuilder().serverName("portal.care-example.net").build(),
                flow().toBuilder().proto("icmp").icmp(new FlowRecord.IcmpFacts(5, 58, 1, 3)).build(),
                flow().toBuilder().bursts(new FlowRecord.Bursts(40, List.of(0, 5), List.of(1, 2))).build())) {
            byte[] bytes = Json.write(r).getBytes(StandardCharsets.UTF_8);
            assertThat(FlowRecordReader.read(bytes)).isEqualTo(Json.MAPPER.readValue(bytes, FlowRecord.class)).isEqualTo(r);
            assertThat(FlowRecordReader.read(new FlowRecordJson().toBytes(r))).isEqualTo(r);
        }
        // newer producers' fields of any shape, explicit nulls, missing fields
        String extra = "{\"future\":{\"a\":[1,{\"b\":null}]},\"v\":1,\"site\":\"s\",\"src_ip\":\"10.0.0.1\","
                + "\"dst_ip\":null,\"dns\":null,\"more\":[true,false],\"src_port\":53}";
        byte[] bytes = extra.getBytes(StandardCharsets.UTF_8);
        assertThat(FlowRecordReader.read(bytes)).isEqualTo(Json.MAPPER.readValue(bytes, FlowRecord.class));
        // a wrong type names the field
        assertThatThrownBy(() -> JsonSerde.flows().deserialize("t", "{\"v\":1,\"src_port\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("not a valid FlowRecord on t: src_port: expected a whole number");
        assertThatThrownBy(() -> JsonSerde.flows().deserialize("t", "[1]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("not a valid FlowRecord on t: expected a JSON object");
    }

    @Test
    void alertTimesAreIsoUtc() throws Exception {
        Alert a = new Alert(1, "id", AlertType.PORT_SCAN, Severity.HIGH, Alert.ACTIVE, "s", "1.2.3.4", null, List.of(),
                Instant.parse("2026-11-02T09:00:00Z"), Instant.parse("2026-11-02T09:00:05.250Z"),
                Instant.parse("2026-11-02T09:00:01Z"), Instant.parse("2026-11-24T10:00:00Z"), 2, 30,
                new Alert.Baseline(15, 0, 0), "summary", Map.of("k", 1), List.of("T1046"));
        JsonNode j = Json.MAPPER.readTree(Json.write(a));
        assertThat(j.get("type").asText()).isEqualTo("port_scan");
        assertThat(j.get("severity").asText()).isEqualTo("high");
        assertThat(j.get("last_seen").asText()).isEqualTo("2026-11-02T09:00:05.250Z");
        assertThat(j.get("attack").get(0).asText()).isEqualTo("T1046");
        assertThat(Json.read(Json.write(a), Alert.class)).isEqualTo(a);
    }

    @Test
    void aBadRecordIsRefusedWithEveryReason() {
        byte[] bad = "{\"v\":1,\"site\":\"\",\"start\":5,\"end\":1,\"proto\":\"sctp\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonSerde.flows().deserialize("vigil.flows.v1", bad))
                .isInstanceOf(SerializationException.class)
                .hasMessage("invalid FlowRecord on vigil.flows.v1: site is missing; end 1 is before start 5; "
                        + "proto sctp is not one of " + FlowRecord.PROTOS + "; src_ip is missing; dst_ip is missing");
        assertThatThrownBy(() -> JsonSerde.flows().deserialize("t", "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageStartingWith("not a valid FlowRecord on t:");
        assertThat(flow().toBuilder().source("carrier-pigeon").build().problems()).containsExactly("source carrier-pigeon is unknown");
    }

    @Test
    void unknownFieldsFromNewerProducersAreIgnored() {
        String json = Json.write(flow()).replace("{", "{\"added_later\":42,");
        assertThat(JsonSerde.flows().deserialize("t", json.getBytes(StandardCharsets.UTF_8))).isEqualTo(flow());
    }

    @Test
    void everyTopicKeepsRecordsByArrivalTimeSoOldCapturesAreNotDeletedWhileRead() {
        assertThat(Topics.DEFAULT.specs(2, 3_600_000)).allSatisfy(spec ->
                assertThat(spec.configs()).containsEntry("message.timestamp.type", "LogAppendTime"));
    }

    @Test
    void cidrBlocks() {
        CidrSet set = CidrSet.of(List.of("10.0.0.0/8", "fd00::/8", "192.168.1.7"));
        assertThat(set.contains(new byte[] {10, 1, 2, 3})).isTrue();
        assertThat(set.contains(new byte[] {11, 1, 2, 3})).isFalse();
        assertThat(set.contains(new byte[] {(byte) 192, (byte) 168, 1, 7})).isTrue();
        assertThat(set.contains(new byte[] {(byte) 192, (byte) 168, 1, 8})).isFalse();
        byte[] v6 = new byte[16];
        v6[0] = (byte) 0xfd;
        assertThat(set.contains(v6)).isTrue();
        assertThatThrownBy(() -> Cidr.parse("example.org/8")).hasMessageContaining("is not a CIDR block");
        assertThat(Topics.DEFAULT.flows()).isEqualTo("vigil.flows.v1");
    }

    @Test
    void loopbackIsJudgedWithoutAskingDns() {
        assertThat(List.of("localhost", "127.0.0.1", "127.8.9.10", "::1")).allMatch(Cidr::isLoopbackLiteral);
        // "cafe" and "dead" are hex, but names: they are not looked up, and not loopback
        assertThat(List.of("10.0.0.1", "0.0.0.0", "cafe", "dead", "smtp.example.org", "fd00::1")).noneMatch(Cidr::isLoopbackLiteral);
    }
}
