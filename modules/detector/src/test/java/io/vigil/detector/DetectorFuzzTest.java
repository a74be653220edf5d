package io.vigil.detector;

import static io.vigil.testkit.Flows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detector.codec.Codec;
import io.vigil.detector.message.PeerEvent;
import io.vigil.detector.message.PeerEventCodec;
import io.vigil.detector.stage.Store;
import io.vigil.model.AlertType;
import io.vigil.model.FlowRecord;
import io.vigil.model.JsonSerde;
import io.vigil.testkit.Flows;
import io.vigil.testkit.Mutator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated bytes against everything the detector reads: its state stores' codecs (a damaged
 * changelog restored at start), the peer events on its repartition topic, and flow records on
 * its input topic through the whole topology. A codec may refuse bytes only with a
 * {@link SerializationException} (which the handlers dead-letter); anything it accepts must
 * write back; the topology must take every mutant without an exception and go on detecting.
 */
class DetectorFuzzTest {

    static final long MINUTE = 60_000;

    @TempDir
    Path state;

    /** A morning with every detector's state in use: browsing, a beacon, an upload, a scan, a flood and DNS. */
    static void morning(TopologyHarness h) {
        Random r = new Random(7);
        ExfiltrationTopologyTest.ordinary(h, "10.10.2.15", T0, 30, r);
        ExfiltrationTopologyTest.upload(h, "10.10.2.15", "203.0.113.200", T0 + 31 * MINUTE, 100L << 20, 100L << 20);
        BeaconingTopologyTest.beacon(h, "10.10.2.44", "203.0.113.66", T0, 2500, 0.2, 60, r);
        for (int p = 1; p <= 120; p++) h.send(Flows.rejected("198.51.100.23", "10.10.1.10", p, T0 + 32 * MINUTE + p * 50L));
        for (int i = 0; i < 300; i++) h.send(Flows.halfOpen("198.51.100." + i % 250, "10.10.1.10", 443, T0 + 32 * MINUTE + i));
        for (int i = 0; i < 40; i++) {
            h.send(Flows.dns("10.10.2.50", "10.10.0.53", T0 + 31 * MINUTE + i * 1000L, "TXT",
                    List.of("a" + Long.toHexString(r.nextLong()) + ".t.example.org"), 1));
        }
        h.deliver();
    }

    @Test
    void everyStateCodecRefusesDamageOnlyWithASerializationException() {
        int n = Mutator.iterations(2000);
        try (TopologyHarness h = new TopologyHarness(state)) {
            morning(h);
            // every store a stage declares, a new detector's too; the markers' are raw bytes, and the
            // site and silence stages need more than a morning
            for (Store<?> store : DetectorTopology.stores()) {
                if (store.name().endsWith("-eoi") || store.name().startsWith("silence-") || store.name().startsWith("site-")
                        || store.name().startsWith("intel-")) {
                    continue;
                }
                List<byte[]> seeds = seeds(h.storeValues(store.name()), store.serde());
                assertThat(seeds).as("the morning fills %s", store.name()).isNotEmpty();
                new Mutator(store.name().hashCode()).run(seeds, n, b -> survives(store.serde(), b));
            }
        }
        Serde<PeerEvent> events = PeerEventCodec.INSTANCE.serde("peer event");
        new Mutator(11).run(seeds(PeerEventCodecTest.samples(), events), n * 4, b -> survives(events, b));
    }

    @SuppressWarnings("unchecked")
    static <T> List<byte[]> seeds(List<?> values, Serde<T> serde) {
        List<byte[]> out = new ArrayList<>();
        for (Object v : values) out.add(serde.serializer().serialize("t", (T) v));
        return out;
    }

    static <T> void survives(Serde<T> serde, byte[] b) {
        T value;
        try {
            value = serde.deserializer().deserialize("t", b);
        } catch (SerializationException refused) {
            assertThat(refused.getMessage()).isNotBlank().doesNotContain("\n");
            return;
        }
        serde.serializer().serialize("t", value);
    }

    @Test
    void mutatedFlowRecordsAreDeadLetteredAndDetectionGoesOn() {
        JsonSerde<FlowRecord> json = JsonSerde.flows();
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(json.serialize("t", Flows.session("10.10.2.15", "198.51.100.80", 443, T0, 300, 1500, 9000, "tls", "1.3")));
        seeds.add(json.serialize("t", Flows.dns("10.10.2.50", "10.10.0.53", T0, "TXT", List.of("x1.t.example.org"), 3)));
        seeds.add(json.serialize("t", Flows.rejected("198.51.100.23", "10.10.1.10", 22, T0)));
        seeds.add(json.serialize("t", FlowRecord.endOfInput(Flows.SITE, "c", T0, new FlowRecord.EndOfInput("run", 0, 1))));
        int n = Mutator.iterations(2000);
        try (TopologyHarness h = new TopologyHarness(state)) {
            long[] ts = {T0};
            new Mutator(3).run(seeds, n, b -> h.sendRaw("test-site/10.10.1.10", b, ts[0]++));
            for (int p = 1; p <= 120; p++) h.send(Flows.rejected("198.51.100.99", "10.10.1.11", p, T0 + MINUTE + p * 50L));
            h.endOfInput(T0 + 30 * MINUTE);
            assertThat(h.episodes(AlertType.PORT_SCAN)).as("detection went on after %d mutants", n)
                    .anySatisfy(a -> assertThat(a.src()).isEqualTo("198.51.100.99"));
        }
    }

    /** The codecs' own building blocks: a length field that lies must not allocate what it claims. */
    @Test
    void aLyingLengthIsRefusedNotAllocated() {
        Codec.In in = Codec.In.of(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2});
        Assertions.assertThatThrownBy(in::getBytes).isInstanceOf(RuntimeException.class)
                .hasMessageContaining("2147483647");
    }
}
