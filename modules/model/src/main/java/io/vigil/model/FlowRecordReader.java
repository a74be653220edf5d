package io.vigil.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a flow record from JSON bytes with Jackson's streaming parser, the counterpart of
 * {@link FlowRecordJson}. Why not data binding: every detector stage reads every flow, and
 * binding a 25-field record through its creator was a tenth of the detector's CPU; this is
 * several times faster and reads the same dialect (snake_case names, unknown fields ignored,
 * a missing field is 0 or null). A value of the wrong type is an error naming the field.
 */
public final class FlowRecordReader {

    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    private FlowRecordReader() {}

    /** A flow record in either encoding: JSON, or {@link FlowRecordBinary} (told by its first byte). */
    public static FlowRecord read(byte[] data) throws IOException {
        if (FlowRecordBinary.isBinary(data)) return FlowRecordBinary.read(data);
        try (JsonParser p = FACTORY.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw error(p, "expected a JSON object");
            FlowRecord r = object(p);
            if (p.nextToken() != null) throw error(p, "trailing content after the object");
            return r;
        }
    }

    private static FlowRecord object(JsonParser p) throws IOException {
        int v = 0, seq = 0, srcPort = 0, dstPort = 0, flagsOut = 0, flagsIn = 0;
        Long flowStart = null;
        long start = 0, end = 0, packetsOut = 0, bytesOut = 0, packetsIn = 0, bytesIn = 0;
        String site = null, collector = null, flowId = null, proto = null, srcIp = null, dstIp = null, tcpState = null,
                endReason = null, appProto = null, tlsVersion = null, login = null, source = null, serverName = null;
        Direction direction = null;
        FlowRecord.DnsFacts dns = null;
        FlowRecord.EndOfInput eoi = null;
        FlowRecord.IcmpFacts icmp = null;
        FlowRecord.Bursts bursts = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "v" -> v = integer(p, t, name);
                case "site" -> site = string(p, t, name);
                case "collector" -> collector = string(p, t, name);
                case "flow_id" -> flowId = string(p, t, name);
                case "seq" -> seq = integer(p, t, name);
                case "start" -> start = number(p, t, name);
                case "end" -> end = number(p, t, name);
                case "proto" -> proto = string(p, t, name);
                case "src_ip" -> srcIp = string(p, t, name);
                case "src_port" -> srcPort = integer(p, t, name);
                case "dst_ip" -> dstIp = string(p, t, name);
                case "dst_port" -> dstPort = integer(p, t, name);
                case "packets_out" -> packetsOut = number(p, t, name);
                case "bytes_out" -> bytesOut = number(p, t, name);
                case "packets_in" -> packetsIn = number(p, t, name);
                case "bytes_in" -> bytesIn = number(p, t, name);
                case "tcp_flags_out" -> flagsOut = integer(p, t, name);
                case "tcp_flags_in" -> flagsIn = integer(p, t, name);
                case "tcp_state" -> tcpState = string(p, t, name);
                case "end_reason" -> endReason = string(p, t, name);
                case "direction" -> direction = direction(p, t);
                case "app_proto" -> appProto = string(p, t, name);
                case "tls_version" -> tlsVersion = string(p, t, name);
                case "cleartext_login" -> login = string(p, t, name);
                case "dns" -> dns = t == JsonToken.VALUE_NULL ? null : dns(p, t);
                case "end_of_input" -> eoi = t == JsonToken.VALUE_NULL ? null : endOfInput(p, t);
                case "source" -> source = string(p, t, name);
                case "server_name" -> serverName = string(p, t, name);
                case "flow_start" -> flowStart = t == JsonToken.VALUE_NULL ? null : number(p, t, name);
                case "bursts" -> bursts = t == JsonToken.VALUE_NULL ? null : bursts(p, t);
                case "icmp" -> icmp = t == JsonToken.VALUE_NULL ? null : icmp(p, t);
                default -> p.skipChildren(); // a newer producer's field
            }
        }
        return new FlowRecord(v, site, collector, flowId, seq, start, end, proto, srcIp, srcPort, dstIp, dstPort,
                packetsOut, bytesOut, packetsIn, bytesIn, flagsOut, flagsIn, tcpState, endReason, direction, appProto,
                tlsVersion, login, dns, eoi, source, serverName, icmp, flowStart, bursts);
    }

    private static Direction direction(JsonParser p, JsonToken t) throws IOException {
        try {
            return Direction.parse(string(p, t, "direction"));
        } catch (IllegalArgumentException e) {
            throw error(p, e.getMessage());
        }
    }

    private static FlowRecord.DnsFacts dns(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) throw error(p, "dns: expected an object");
        List<FlowRecord.DnsQuery> queries = new ArrayList<>();
        int queryCount = 0, responseCount = 0, distinct = -1, longestLabel = 0, maxAnswer = 0;
        long nameBytes = 0, answerBytes = 0;
        Map<String, Integer> qtypes = new LinkedHashMap<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "queries" -> {
                    if (v == JsonToken.VALUE_NULL) break;
                    if (v != JsonToken.START_ARRAY) throw error(p, "dns.queries: expected an array");
                    JsonToken e;
                    while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (e != JsonToken.START_OBJECT) throw error(p, "dns.queries: expected objects");
                        String qname = null, qtype = null, rcode = null, f;
                        while ((f = p.nextFieldName()) != null) {
                            JsonToken x = p.nextToken();
                            switch (f) {
                                case "name" -> qname = string(p, x, "dns.queries.name");
                                case "qtype" -> qtype = string(p, x, "dns.queries.qtype");
                                case "rcode" -> rcode = string(p, x, "dns.queries.rcode");
                                default -> p.skipChildren();
                            }
                        }
                        queries.add(new FlowRecord.DnsQuery(qname, qtype, rcode));
                    }
                }
                case "query_count" -> queryCount = integer(p, v, "dns.query_count");
                case "response_count" -> responseCount = integer(p, v, "dns.response_count");
                case "distinct_names" -> distinct = integer(p, v, "dns.distinct_names");
                case "name_bytes" -> nameBytes = number(p, v, "dns.name_bytes");
                case "longest_label" -> longestLabel = integer(p, v, "dns.longest_label");
                case "answer_bytes" -> answerBytes = number(p, v, "dns.answer_bytes");
                case "max_answer_bytes" -> maxAnswer = integer(p, v, "dns.max_answer_bytes");
                case "qtypes" -> {
                    if (v == JsonToken.VALUE_NULL) break;
                    if (v != JsonToken.START_OBJECT) throw error(p, "dns.qtypes: expected an object");
                    String type;
                    while ((type = p.nextFieldName()) != null) qtypes.put(type, integer(p, p.nextToken(), "dns.qtypes." + type));
                }
                default -> p.skipChildren();
            }
        }
        return new FlowRecord.DnsFacts(queries, queryCount, responseCount, distinct < 0 ? queries.size() : distinct,
                nameBytes, longestLabel, qtypes, answerBytes, maxAnswer);
    }

    private static FlowRecord.Bursts bursts(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) throw error(p, "bursts: expected an object");
        int count = 0;
        List<Integer> at = new ArrayList<>(), bytes = new ArrayList<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "count" -> count = integer(p, v, "bursts.count");
                case "at" -> ints(p, v, at, "bursts.at");
                case "bytes" -> ints(p, v, bytes, "bursts.bytes");
                default -> p.skipChildren();
            }
        }
        return new FlowRecord.Bursts(count, at, bytes);
    }

    private static void ints(JsonParser p, JsonToken t, List<Integer> into, String field) throws IOException {
        if (t != JsonToken.START_ARRAY) throw error(p, field + ": expected an array");
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) into.add(integer(p, e, field));
    }

    private static FlowRecord.IcmpFacts icmp(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) throw error(p, "icmp: expected an object");
        int sizes = 0, unpaired = 0, mismatched = 0, changed = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "sizes" -> sizes = integer(p, v, "icmp.sizes");
                case "unpaired" -> unpaired = integer(p, v, "icmp.unpaired");
                case "mismatched" -> mismatched = integer(p, v, "icmp.mismatched");
                case "changed" -> changed = integer(p, v, "icmp.changed");
                default -> p.skipChildren();
            }
        }
        return new FlowRecord.IcmpFacts(sizes, unpaired, mismatched, changed);
    }

    private static FlowRecord.EndOfInput endOfInput(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) throw error(p, "end_of_input: expected an object");
        String run = null;
        int partition = 0, partitions = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "run" -> run = string(p, v, "end_of_input.run");
                case "partition" -> partition = integer(p, v, "end_of_input.partition");
                case "partitions" -> partitions = integer(p, v, "end_of_input.partitions");
                default -> p.skipChildren();
            }
        }
        return new FlowRecord.EndOfInput(run, partition, partitions);
    }

    private static String string(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_STRING) return p.getText();
        if (t == JsonToken.VALUE_NULL) return null;
        throw error(p, field + ": expected a string");
    }

    private static long number(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) return p.getLongValue();
        if (t == JsonToken.VALUE_NULL) return 0;
        throw error(p, field + ": expected a whole number");
    }

    private static int integer(JsonParser p, JsonToken t, String field) throws IOException {
        long v = number(p, t, field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw error(p, field + ": out of range");
        return (int) v;
    }

    private static JsonParseException error(JsonParser p, String what) {
        return new JsonParseException(p, what);
    }
}
