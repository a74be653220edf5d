package io.vigil.cli.config;

import io.vigil.runtime.config.ConfigTree;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detector.Thresholds;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Each threshold is said once: the keys read and printed, their meanings, and the docs' table agree. */
class ThresholdKeysTest {

    static final String BEGIN = "<!-- thresholds table: generated from ThresholdKeys; ThresholdKeysTest checks it -->\n";
    static final String END = "<!-- end of thresholds table -->";

    @Test
    void everyDeclaredKeyIsReadFromItsPlaceInTheFile() throws Exception {
        // each threshold written as --check prints a changed value reads back as that value
        Thresholds d = Thresholds.defaults();
        Path f = Files.createTempFile("thresholds", ".yaml");
        Thresholds changed = ThresholdKeys.read(ConfigTree.load(f, java.util.Map.of()), "thresholds", d);
        assertThat(changed).as("nothing written: the defaults").isEqualTo(d);
        for (ThresholdKeys.Key<?> k : ThresholdKeys.ALL) {
            Object other = switch (k.kind()) {
                case NUMBER -> 7;
                case DECIMAL -> 0.25;
                case DURATION -> "7m";
                case BYTES -> 7777;
                case TEXT -> "1.3";
                case LIST, SET -> java.util.List.of("10.0.0.53/32");
                case PORTS -> java.util.List.of(7);
            };
            ConfigTree t = ConfigTree.load(f, java.util.Map.of());
            t.set("thresholds." + k.key(), other);
            Thresholds read = ThresholdKeys.read(t, "thresholds", d);
            Object shown = k.shown(read);
            assertThat(String.valueOf(shown)).as(k.key()).isEqualTo(String.valueOf(other instanceof java.util.List<?> l
                    ? (k.kind() == ThresholdKeys.Kind.LIST ? l : new java.util.TreeSet<>(l)) : other));
            assertThat(t.problems()).as(k.key()).isEmpty();
        }
        Files.delete(f);
    }

    @Test
    void theReferenceTableInTheDocsIsTheOneTheCodeMakes() throws Exception {
        String expected = ThresholdKeys.table(Thresholds.defaults());
        Files.writeString(Path.of("target/thresholds-table.md"), expected);
        String docs = Files.readString(Path.of("../../docs/configuration.md"));
        assertThat(docs).as("docs/configuration.md holds the table between its markers (the expected one is in "
                + "modules/cli/target/thresholds-table.md)").contains(BEGIN + expected + END);
    }
}
