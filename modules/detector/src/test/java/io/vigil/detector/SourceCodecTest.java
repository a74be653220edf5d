package io.vigil.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detector.scan.SourceState;
import io.vigil.model.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SourceCodecTest {

    @Test
    void aScannersStateRoundTripsWithEveryField() {
        SourceState s = new SourceState();
        s.scanProbes.put("10.0.0.5", new HashMap<>(Map.of(22, 1000L, 3389, 1200L)));
        s.open.addAll(List.of(80, 443));
        s.scanPorts.put("10.0.0.5", new byte[] {1, 2, 3, (byte) 0xff});
        s.scanAttempts = 412;
        s.sweepProbes.put(445, new HashMap<>(Map.of("10.0.0.7", 5L, "10.0.0.8", 6L)));
        s.sweepHosts.put(445, new TreeSet<>(List.of("10.0.0.7", "10.0.0.8")));
        s.sweepCounts.put(445, 31L);
        s.authStarts.put(22, new ArrayList<>(List.of(1L, 2L, 3L)));
        s.authCounts.put(22, 80L);
        s.authVictims.put(22, new TreeSet<>(List.of("10.0.0.22")));
        Serde<SourceState> serde = SourceState.CODEC.serde("source");
        byte[] bytes = serde.serializer().serialize("t", s);
        SourceState back = serde.deserializer().deserialize("t", bytes);
        // same content: compare through their JSON trees (byte arrays compare by value there)
        assertThat((Object) Json.MAPPER.valueToTree(back)).isEqualTo(Json.MAPPER.valueToTree(s));
        assertThat(bytes.length).isLessThan(Json.write(s).length());
        SourceState empty = serde.deserializer().deserialize("t", serde.serializer().serialize("t", new SourceState()));
        assertThat(empty.isEmpty()).isTrue();
    }
}
