package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.FlowRecord;
import io.vigil.model.Json;
import io.vigil.simulator.Scenario;
import io.vigil.simulator.Scenarios;
import io.vigil.testkit.Softflowd;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil flows --netflow PORT --idle S --out FILE} as an engineer checks an exporter:
 * softflowd exports a capture as IPFIX to it; the command writes the flows as JSON lines and
 * ends by itself when the exporter has been quiet for the idle time; a bad address is one line.
 */
class NetflowFlowsIT {

    @TempDir
    Path dir;

    @Test
    void anExportersFlowsAreWrittenUntilItFallsQuiet() throws Exception {
        Scenario scenario = Scenarios.demo(2);
        Path capture = scenario.traffic().write(dir.resolve("demo.pcap"));
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path out = dir.resolve("flows.jsonl");
        List<String> args = new ArrayList<>(List.of("flows", "--netflow", "127.0.0.1:" + port, "--idle", "3",
                "--site", "lab", "--out", out.toString()));
        scenario.internal().forEach(c -> args.addAll(List.of("--internal", c)));
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of(args.toArray(String[]::new)));
        Thread.sleep(1500); // listening by then
        Softflowd.export(capture, port, 10, dir.resolve("softflowd.log"));
        CliRun r = run.get(60, TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSizeGreaterThan(100);
        for (String l : lines) {
            FlowRecord f = Json.MAPPER.readValue(l, FlowRecord.class);
            assertThat(f.problems()).as(l).isEmpty();
            assertThat(f.site()).isEqualTo("lab");
        }
        assertThat(r.err()).contains("flow records from").contains("MALFORMED=0");
    }

    @Test
    void aBadListeningAddressIsOneLine() {
        CliRun r = CliRun.of("flows", "--netflow", "router.example:2055");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("vigil: --netflow router.example:2055: 'router.example' is not an address "
                + "(names are not looked up)");
        CliRun both = CliRun.of("flows", "--netflow", "2055", "x.pcap");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("give capture files or --netflow, not both");
    }
}
