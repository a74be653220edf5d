package io.vigil.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detector.message.PeerEvent;
import io.vigil.detector.message.PeerEventCodec;
import io.vigil.model.FlowRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** Every kind of peer event survives the repartition topic whole. */
class PeerEventCodecTest {

    @Test
    void everyKindRoundTrips() {
        List<PeerEvent> events = samples();
        Serde<PeerEvent> serde = PeerEventCodec.INSTANCE.serde("peer event");
        for (PeerEvent e : events) {
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", e))).isEqualTo(e);
        }
        assertThat(events.get(0).key()).isEqualTo("s|198.51.100.0/24");
        assertThat(events.get(1).key()).isEqualTo("s|2001:db8:0::/48");
    }

    /** One event of every kind, with every field set; also the fuzz test's seeds. */
    static List<PeerEvent> samples() {
        Map<String, Long> top = new LinkedHashMap<>();
        top.put("203.0.113.200", 104_857_600L);
        top.put("198.51.100.8", 2_000L);
        return List.of(
                PeerEvent.contacts("s", "10.0.0.5", List.of("198.51.100.7", "198.51.100.9"), false, 1000),
                PeerEvent.contacts("s", "10.0.0.5", List.of("2001:db8::53"), true, 1001),
                PeerEvent.beacon("s", "10.0.0.6", "203.0.113.66", 2000, new PeerEvent.Beacon("tcp/443", "tls", 10, 2500.5,
                        210.25, -0.12, 20, 21, 1354, 3, 0.83, List.of(2.4, 2.7), 12)),
                PeerEvent.beacon("s", "10.0.0.6", "203.0.113.67", 2001, new PeerEvent.Beacon("udp/9999", null, 10, 1000,
                        10, 0, 20, 21, 100, 0, 0.9, List.of(), 0)),
                PeerEvent.upload("s", "10.0.0.7", "203.0.113.200", 3000, new PeerEvent.Upload("novel", 10, 5, 104_857_600,
                        1_000, 33_554_432, 104_857_600, 1_000, 1.5, 1_048_576, 11, 11, false, false, top)),
                PeerEvent.dnsServer("s", "10.0.0.8", "203.0.113.53", 4000, new PeerEvent.DnsServer(7, 290, 400, 99.5, 1.0,
                        1.0, 46_000, List.of("dnscat.abcdef"))),
                PeerEvent.marker("s", 5000, new FlowRecord.EndOfInput("run", 2, 4)));
    }
}
