package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.config.CollectorKeys;
import io.vigil.cli.config.DetectorKeys;
import io.vigil.cli.config.NotifierKeys;
import io.vigil.runtime.config.Setting;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The roles' flags are made from their declared settings: each declared flag is in the
 * role's help with its key and default, a flag given lands on its key (the last word, after
 * file and environment), a switch named {@code --no-…} turns its setting off, and a bad
 * value is one line naming the flag.
 */
class SettingFlagsTest {

    @Test
    void everyDeclaredFlagIsInItsRolesHelpWithItsKey() {
        for (var role : List.of(List.of("collector", CollectorKeys.ALL), List.of("detector", DetectorKeys.ALL),
                List.of("notifier", NotifierKeys.ALL))) {
            CliRun help = CliRun.of((String) role.get(0), "--help");
            assertThat(help.exit()).isZero();
            @SuppressWarnings("unchecked")
            List<Setting<?>> settings = (List<Setting<?>>) role.get(1);
            List<Setting<?>> flagged = settings.stream().filter(s -> s.flag() != null).toList();
            assertThat(flagged).as(role.get(0) + " has flags").isNotEmpty();
            String folded = help.out().replaceAll("\\s+", " ");
            for (Setting<?> s : flagged) {
                assertThat(folded).as(s.key()).containsPattern(Pattern.quote(s.flag().name()) + "\\S* " + Pattern.quote(s.key() + ": "));
            }
        }
        assertThat(CliRun.of("detector", "--help").out().replaceAll("\\s+", " "))
                .contains("--threads=N threads: stream threads in this instance; default 2");
        assertThat(CliRun.of("collector", "--help").out().replaceAll("\\s+", " "))
                .contains("--no-promiscuous capture.promiscuous: see traffic not addressed to the gateway (a span port); "
                        + "default true; this flag turns it off");
    }

    @Test
    void flagsLandOnTheirKeysAndASwitchTurnsItsSettingOff() {
        CliRun r = CliRun.of("collector", "--site", "clinic-north", "--read", "a.pcap", "b.pcap", "--internal", "10.1.0.0/16",
                "--internal", "10.2.0.0/16", "--snaplen", "300", "--no-promiscuous", "--buffer-size", "8MB", "--check");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("site: \"clinic-north\"", "- \"a.pcap\"\n  - \"b.pcap\"", "- \"10.1.0.0/16\"\n- \"10.2.0.0/16\"",
                "snaplen: 300", "promiscuous: false", "buffer-size: \"8MB\"");
        CliRun d = CliRun.of("detector", "--threads", "3", "--application-id", "det-b", "--check");
        assertThat(d.out()).contains("threads: 3", "application-id: \"det-b\"");
        CliRun n = CliRun.of("notifier", "--group-id", "soc-2", "--check");
        assertThat(n.out()).contains("group-id: \"soc-2\"");
    }

    @Test
    void aBadValueIsOneLineNamingTheFlagOrItsKey() {
        CliRun r = CliRun.of("collector", "--site", "s", "--interface", "lo", "--snaplen", "lots");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("vigil collector: Invalid value for option '--snaplen': 'lots' is not an int "
                + "(see vigil collector --help)");
        CliRun size = CliRun.of("collector", "--site", "s", "--interface", "lo", "--buffer-size", "huge", "--check");
        assertThat(size.exit()).isEqualTo(2);
        assertThat(size.err()).contains("capture.buffer-size").doesNotContain("Exception");
    }
}
