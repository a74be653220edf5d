package io.vigil.detector;

import io.vigil.detector.scan.BruteForceDetector;
import io.vigil.detector.spi.Thresholds;
import static io.vigil.testkit.Flows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Attack;
import io.vigil.model.FlowRecord;
import io.vigil.testkit.Flows;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** brute_force: many short, small sessions to a password service, on standard and odd ports. */
class BruteForceTopologyTest {

    static final String GUESSER = "198.51.100.77";
    static final String SERVER = "10.10.1.22";

    @TempDir
    Path state;

    static void guesses(TopologyHarness h, String site, int port, String app, int n) {
        for (int i = 0; i < n; i++) {
            h.send(Flows.session(GUESSER, SERVER, port, T0 + i * 700L, 600, 1_200, 2_500, app, null).toBuilder()
                    .site(site).build());
        }
    }

    @Test
    void guessesAtSshOnAnOddPortAreNamedByWhatTheBytesSpeak() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            guesses(h, Flows.SITE, 2222, "ssh", 30);
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AlertType.BRUTE_FORCE);
                assertThat(a.src()).isEqualTo(GUESSER);
                assertThat(a.dst()).isEqualTo(SERVER);
                assertThat(a.evidence()).containsEntry("service", "ssh").containsEntry("port", 2222)
                        .containsEntry("estimated_attempts", 30);
                assertThat(Duration.between(a.firstSeen(), a.raisedAt())).isLessThan(Duration.ofSeconds(10));
                assertThat(a.attack()).contains(Attack.BRUTE_FORCE, Attack.PASSWORD_GUESSING);
            });
        }
    }

    @Test
    void ftpGuessesThatTheCollectorCutAtTheirReadableLoginAreJudgedWholeOnTheirLastPiece() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            // twelve FTP sessions of 5 s: a piece 2 s after the PASS, then the rest ending in FIN
            for (int i = 0; i < 12; i++) {
                long begin = T0 + i * 6_000L;
                FlowRecord whole = Flows.session(GUESSER, SERVER, 21, begin, 5_000, 300, 600, "ftp", null);
                h.send(whole.toBuilder().end(begin + 2_100).endReason("active").cleartextLogin("ftp PASS").build());
                h.send(whole.toBuilder().seq(1).start(begin + 2_100).flowStart(begin).build());
            }
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes(AlertType.BRUTE_FORCE)).singleElement().satisfies(a -> {
                // two attempts per 5 s session, as for any session of that length
                assertThat(a.evidence()).containsEntry("port", 21);
                assertThat((Integer) a.evidence().get("estimated_attempts")).isGreaterThanOrEqualTo(10);
                assertThat(a.firstSeen().toEpochMilli()).isEqualTo(T0);
            });
        }
    }

    @Test
    void hydraOnSshTriesSeveralPasswordsPerConnectionAndIsCaughtByTheirLength() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            // eight connections of 5 to 18 s (sshd's delay after each failure), as hydra -t 4 made here
            long[] lengths = {72, 18_421, 18_421, 18_430, 18_441, 5_306, 5_353, 7_936};
            for (int i = 0; i < lengths.length; i++) {
                h.send(Flows.session(GUESSER, SERVER, 22, T0 + (i % 4) * 100L + (i / 4) * 19_000L, lengths[i], 2_400, 3_300,
                        "ssh", null));
            }
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes(AlertType.BRUTE_FORCE)).singleElement().satisfies(a -> {
                assertThat(((Number) a.evidence().get("estimated_attempts")).longValue()).isBetween(25L, 45L);
                assertThat(Duration.between(a.firstSeen(), a.raisedAt())).isLessThan(Duration.ofSeconds(25));
            });
        }
    }

    @Test
    void nineQuickSessionsAreBelowTheThresholdAndASitesOwnCountIsHonoured() {
        Thresholds d = Detectors.thresholds();
        BruteForceDetector.Config b = d.get(BruteForceDetector.THRESHOLDS);
        Thresholds tight = d.with(BruteForceDetector.THRESHOLDS, new BruteForceDetector.Config(5, b.window(), b.maxDuration(), b.maxServerBytes(),
                b.ports(), b.protocols()));
        try (TopologyHarness h = new TopologyHarness(TopologyHarness.withSite(state, "tight", tight))) {
            guesses(h, Flows.SITE, 22, "ssh", 9);
            guesses(h, "tight", 22, "ssh", 9);
            h.endOfInput(T0 + 3_600_000, Flows.SITE, "tight");

            assertThat(h.episodes()).extracting(Alert::site).containsExactly("tight");
        }
    }
}
