package io.vigil.detector.stage;

import io.vigil.model.FlowRecord;
import io.vigil.model.Heartbeat;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What the detector refuses at its edge, before any record reaches a processor: no value,
 * fields longer than any real one (a 450 KB site name would be too large for the repartition
 * topic), and times a broker would refuse or a processor must not believe (a collector whose
 * clock runs hours ahead would move every window). A refused record throws a
 * {@link SerializationException} with the reason, which the dead-letter handler sets aside with
 * its original bytes; processing goes on.
 */
public final class EdgeChecks {

    /** A flow may end at most this far ahead of the detector's clock (brokers refuse an hour ahead). */
    public static final long MAX_AHEAD_MS = 10 * 60_000;
    /** A flow piece spans at most the active timeout; a day is a clock that jumped. */
    public static final long MAX_SPAN_MS = 86_400_000L;
    public static final int MAX_NAME = 128;
    public static final int MAX_FIELD = 256;

    private EdgeChecks() {}

    /** A deserializer that refuses no value, and what {@code checks} finds wrong, with the reason. */
    public static <T> Deserializer<T> refusing(Deserializer<T> inner, Function<T, List<String>> checks, String what) {
        return new Deserializer<>() {
            @Override
            public T deserialize(String topic, byte[] data) {
                if (data == null) throw new SerializationException("no value: a " + what + " was expected on " + topic);
                T value = inner.deserialize(topic, data);
                List<String> p = checks.apply(value);
                if (!p.isEmpty()) {
                    throw new SerializationException("refused " + what + " on " + topic + ": " + String.join("; ", p));
                }
                return value;
            }

            @Override
            public T deserialize(String topic, Headers headers, byte[] data) {
                return deserialize(topic, data);
            }
        };
    }

    /** What is wrong with a flow record beyond its own validation, against {@code clock}. */
    public static Function<FlowRecord, List<String>> flows(Clock clock) {
        return f -> {
            List<String> p = new ArrayList<>();
            length(p, "site", f.site(), MAX_NAME);
            length(p, "collector", f.collector(), MAX_NAME);
            length(p, "flow_id", f.flowId(), MAX_FIELD);
            length(p, "src_ip", f.srcIp(), MAX_FIELD);
            length(p, "dst_ip", f.dstIp(), MAX_FIELD);
            length(p, "app_proto", f.appProto(), MAX_FIELD);
            length(p, "tls_version", f.tlsVersion(), MAX_FIELD);
            length(p, "cleartext_login", f.cleartextLogin(), MAX_FIELD);
            if (f.dns() != null) {
                if (f.dns().queries().size() > 2 * FlowRecord.MAX_DNS_NAMES) {
                    p.add("dns.queries lists " + f.dns().queries().size() + " names, more than a collector sends");
                }
                for (FlowRecord.DnsQuery q : f.dns().queries()) {
                    if (q.name() != null && q.name().length() > 255) {
                        p.add("dns name of " + q.name().length() + " characters (DNS allows 255)");
                        break;
                    }
                }
            }
            long now = clock.millis();
            if (f.end() > now + MAX_AHEAD_MS) {
                p.add(String.format("end %d is %d s ahead of the detector's clock (a collector whose clock is fast?)",
                        f.end(), (f.end() - now) / 1000));
            }
            // an old start is a historical capture, judged like today's; a zero one the record itself refuses
            if (!f.isMarker() && f.end() - f.start() > MAX_SPAN_MS) {
                p.add("the flow spans " + (f.end() - f.start()) / 1000 + " s, longer than a day (a clock that jumped?)");
            }
            return p;
        };
    }

    /**
     * What is wrong with a heartbeat beyond its own validation. Its clock is not judged here:
     * a heartbeat from a collector whose clock is wrong must arrive, so the silence stage can
     * say so (its time is the broker's, not the collector's).
     */
    public static Function<Heartbeat, List<String>> heartbeats() {
        return h -> {
            List<String> p = new ArrayList<>();
            length(p, "collector", h.collector(), MAX_NAME);
            length(p, "site", h.site(), MAX_NAME);
            return p;
        };
    }

    private static void length(List<String> p, String field, String value, int max) {
        if (value != null && value.length() > max) p.add(field + " of " + value.length() + " characters (at most " + max + ")");
    }
}
