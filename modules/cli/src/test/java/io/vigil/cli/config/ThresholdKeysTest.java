package io.vigil.cli.config;

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
    void everyKeyPrintedHasAMeaningAndEveryMeaningAKey() {
        assertThat(ThresholdKeys.MEANING.keySet()).containsExactlyElementsOf(ThresholdKeys.printed(Thresholds.defaults()));
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
