package io.vigil.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detector.scan.PortScanDetector;
import io.vigil.detector.spi.Thresholds;
import io.vigil.runtime.config.ConfigTree;
import io.vigil.runtime.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each threshold is said once, where its detector is: read, checked, shown and documented from that declaration. */
class ThresholdsTest {

    static final String BEGIN = "<!-- thresholds table: generated from each detector's declared thresholds "
            + "(Detectors.THRESHOLDS); ThresholdsTest checks it -->\n";
    static final String END = "<!-- end of thresholds table -->";

    @TempDir
    Path dir;

    @Test
    void everyDeclaredKeyIsReadFromItsPlaceInTheFile() throws Exception {
        // each threshold written as --check prints a changed value reads back as that value
        Thresholds d = Detectors.thresholds();
        Path f = Files.writeString(dir.resolve("vigil.yaml"), "");
        assertThat(d.read(ConfigTree.load(f, Map.of()), "thresholds")).as("nothing written: the defaults").isEqualTo(d);
        Set<String> keys = new HashSet<>();
        for (Setting<?> k : d.keys()) {
            assertThat(keys.add(k.key())).as("declared once: " + k.key()).isTrue();
            Object other = switch (k.kind()) {
                case NUMBER -> 7;
                case DECIMAL -> 0.25;
                case DURATION -> "7m";
                case SIZE -> 7777;
                case TEXT -> "1.3";
                case LIST, SET -> List.of("10.0.0.53/32");
                case PORTS -> List.of(7);
                default -> throw new AssertionError(k.key() + ": a threshold of kind " + k.kind());
            };
            ConfigTree t = ConfigTree.load(f, Map.of());
            t.set("thresholds." + k.key(), other);
            Thresholds read = d.read(t, "thresholds");
            String group = k.key().substring(0, k.key().indexOf('.'));
            @SuppressWarnings("unchecked")
            Object shown = ((Map<String, Object>) read.shown().get(group)).get(k.key().substring(group.length() + 1));
            assertThat(String.valueOf(shown)).as(k.key())
                    .isEqualTo(String.valueOf(other instanceof List<?> l && k.kind() != Setting.Kind.LIST ? new TreeSet<>(l) : other));
            assertThat(t.problems()).as(k.key()).isEmpty();
        }
    }

    @Test
    void aBadValueIsAProblemNamedByItsKey() throws Exception {
        Path f = Files.writeString(dir.resolve("vigil.yaml"), """
                thresholds:
                  port-scan: {ports: 1}
                  syn-flood: {ratio: 1.5}
                  beaconing: {min-period: 2h, max-period: 1h}
                  dns-tunnel: {resolvers: [not-a-cidr]}
                  threat-intel: {inbound: sometimes}
                """);
        ConfigTree t = ConfigTree.load(f, Map.of());
        List<String> problems = Detectors.thresholds().read(t, "thresholds").problems();
        assertThat(problems).contains("port-scan.ports: must be at least 2", "syn-flood.ratio: must be in (0, 1]",
                "beaconing.max-period: must be longer than beaconing.min-period",
                "threat-intel.inbound: 'sometimes' is not one of none, established, all");
        assertThat(problems).anyMatch(p -> p.startsWith("dns-tunnel.resolvers: ") && p.contains("not-a-cidr"));
        assertThat(problems).hasSize(5);
    }

    @Test
    void aSiteChangesOneGroupAndKeepsTheRest() {
        Thresholds d = Detectors.thresholds();
        PortScanDetector.Config c = d.get(PortScanDetector.THRESHOLDS);
        Thresholds own = d.with(PortScanDetector.THRESHOLDS, new PortScanDetector.Config(40, c.window()));
        assertThat(own.get(PortScanDetector.THRESHOLDS).ports()).isEqualTo(40);
        assertThat(own).isNotEqualTo(d);
        assertThat(own.shown().keySet()).isEqualTo(d.shown().keySet());
    }

    @Test
    void theReferenceTableInTheDocsIsTheOneTheCodeMakes() throws Exception {
        String expected = Setting.table(Detectors.thresholds().keys(), "thresholds");
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/thresholds-table.md"), expected);
        String docs = Files.readString(Path.of("../../docs/configuration.md"));
        assertThat(docs).as("docs/configuration.md holds the table between its markers (the expected one is in "
                + "modules/detector/target/thresholds-table.md)").contains(BEGIN + expected + END);
    }
}
