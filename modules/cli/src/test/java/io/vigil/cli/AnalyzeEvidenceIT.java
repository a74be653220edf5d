package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.collector.capture.JavaCaptureReader;
import io.vigil.collector.capture.PacketListener;
import io.vigil.collector.decode.DecodeResult;
import io.vigil.collector.decode.DecodedPacket;
import io.vigil.collector.decode.PacketDecoder;
import io.vigil.collector.flow.Addresses;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Json;
import io.vigil.simulator.Scenario;
import io.vigil.simulator.Scenarios;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil analyze --evidence DIR}: for each alert, the packets behind it. A port scan and a
 * beacon among ordinary traffic: each alert's pcap holds every packet between the hosts it
 * names from a minute before its first sight to a minute after its last — counted against the
 * input, not assumed — and no packet of any other host; tcpdump reads it.
 */
class AnalyzeEvidenceIT {

    @TempDir
    Path dir;

    record Packet(long ts, String src, String dst) {}

    @Test
    void aScansAndABeaconsPacketsAndNoOneElses() throws Exception {
        for (String name : List.of("port-scan", "beaconing")) {
            Scenario s = Scenarios.byName(name, 11);
            Path capture = s.traffic().write(dir.resolve(name + ".pcap"));
            Path out = dir.resolve(name + "-evidence");
            List<String> args = new ArrayList<>(List.of("analyze", "--evidence", out.toString()));
            s.internal().forEach(c -> args.addAll(List.of("--internal", c)));
            args.add(capture.toString());
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.exit()).as(r.err()).isZero();
            List<Alert> alerts = r.out().lines().map(l -> Json.read(l, Alert.class)).toList();
            AlertType wanted = name.equals("port-scan") ? AlertType.PORT_SCAN : AlertType.BEACONING;
            Alert alert = alerts.stream().filter(a -> a.type() == wanted).findFirst().orElseThrow();
            assertThat(r.err()).contains("vigil analyze: evidence: ");

            List<Packet> input = packets(capture);
            List<Packet> cut = packets(out.resolve(alert.id() + ".pcap"));
            Set<String> named = Set.of(alert.src(), alert.dst());
            long from = (alert.firstSeen().getEpochSecond() - 60) * 1_000_000_000L + alert.firstSeen().getNano();
            long to = (alert.lastSeen().getEpochSecond() + 60) * 1_000_000_000L + alert.lastSeen().getNano();
            List<Packet> expected = input.stream().filter(p -> p.ts >= from && p.ts <= to && named.contains(p.src)
                    && named.contains(p.dst)).toList();
            assertThat(cut).as(name + ": the named hosts' packets in the window, all of them, in order")
                    .isNotEmpty().containsExactlyElementsOf(expected);
            assertThat(input.size()).as("there was other traffic to leave out").isGreaterThan(cut.size());
            tcpdumpReads(out.resolve(alert.id() + ".pcap"), cut.size());
        }
    }

    /** The decoded packets of a capture, as our own reader sees them. */
    static List<Packet> packets(Path file) throws Exception {
        List<Packet> out = new ArrayList<>();
        DecodedPacket d = new DecodedPacket();
        PacketDecoder[] decoder = new PacketDecoder[1];
        JavaCaptureReader.read(file, new PacketListener() {
            @Override
            public void begin(String source, int linkType) {
                decoder[0] = new PacketDecoder(linkType);
            }

            @Override
            public void packet(long ts, byte[] buf, int off, int caplen, int origLen) {
                if (decoder[0].decode(buf, off, caplen, d) != DecodeResult.OK) return;
                out.add(new Packet(ts, Addresses.format(d.ipVersion, d.srcHi, d.srcLo), Addresses.format(d.ipVersion, d.dstHi, d.dstLo)));
            }
        }, n -> { });
        return out;
    }

    /** A second opinion on the file: tcpdump (libpcap) reads it whole, when it is installed. */
    static void tcpdumpReads(Path pcap, int packets) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tcpdump")) || Files.isExecutable(Path.of("/usr/sbin/tcpdump")),
                "tcpdump is not installed");
        String bin = Files.isExecutable(Path.of("/usr/bin/tcpdump")) ? "/usr/bin/tcpdump" : "/usr/sbin/tcpdump";
        Process p = new ProcessBuilder(bin, "-nn", "-r", pcap.toString()).redirectErrorStream(false).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(text.lines().count()).isEqualTo(packets);
    }
}
