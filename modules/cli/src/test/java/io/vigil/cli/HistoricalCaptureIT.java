package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.Json;
import io.vigil.simulator.Scenario;
import io.vigil.simulator.Scenarios;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture's dates are not judged by the calendar: the same scenario moved back to 1999 (a whole
 * number of weeks, so every hour of the week is the same) gives, through {@code vigil analyze}
 * and a real broker, the same alerts as today's — same types, parties, severities and scores,
 * every time moved by exactly the shift.
 */
class HistoricalCaptureIT {

    /** 1409 weeks: November 2026 becomes November 1999, a Monday still a Monday. */
    static final Duration SHIFT = Duration.ofDays(7L * 1409);

    @TempDir
    Path dir;

    @Test
    void aScenarioMovedTo1999IsAnalysedAsToday() throws Exception {
        for (String name : List.of("port-scan", "beaconing", "dns-tunnel")) {
            Scenario s = Scenarios.byName(name, 2);
            Path today = s.traffic().write(dir.resolve(name + ".pcap"));
            Path old = shift(today, dir.resolve(name + "-1999.pcap"), SHIFT.toSeconds());

            List<Alert> now = analyze(today, s, dir.resolve(name + ".jsonl"));
            List<Alert> then = analyze(old, s, dir.resolve(name + "-1999.jsonl"));

            assertThat(now).as(name + ": today's capture raises its alert").isNotEmpty();
            assertThat(then).as(name + ": the same alerts from the 1999 capture").hasSameSizeAs(now);
            for (int i = 0; i < now.size(); i++) {
                Alert a = now.get(i), b = then.get(i);
                assertThat(b.type()).isEqualTo(a.type());
                assertThat(b.src()).isEqualTo(a.src());
                assertThat(b.dst()).isEqualTo(a.dst());
                assertThat(b.targets()).isEqualTo(a.targets());
                assertThat(b.severity()).isEqualTo(a.severity());
                assertThat(b.score()).isEqualTo(a.score());
                assertThat(b.firstSeen()).as(name).isEqualTo(a.firstSeen().minus(SHIFT));
                assertThat(b.lastSeen()).as(name).isEqualTo(a.lastSeen().minus(SHIFT));
                assertThat(b.firstSeen()).isBefore(Instant.parse("2000-01-01T00:00:00Z"));
            }
        }
    }

    private List<Alert> analyze(Path pcap, Scenario s, Path out) throws Exception {
        List<String> args = new ArrayList<>(List.of("analyze", "-q", "--site", "lab", "--out", out.toString()));
        for (String cidr : s.internal()) args.addAll(List.of("--internal", cidr));
        args.add(pcap.toString());
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        // the last record of each alert, in a stable order
        Map<String, Alert> latest = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out)) {
            if (line.isBlank()) continue;
            Alert a = Json.read(line, Alert.class);
            latest.put(a.type().wire() + "|" + a.src() + "|" + a.dst(), a);
        }
        List<Alert> all = new ArrayList<>(latest.values());
        all.sort(Comparator.comparing((Alert a) -> a.type().wire()).thenComparing(a -> String.valueOf(a.src()))
                .thenComparing(a -> String.valueOf(a.dst())));
        return all;
    }

    /** A classic pcap with every packet's seconds moved back by {@code seconds}. */
    static Path shift(Path in, Path out, long seconds) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(in));
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        boolean little = magic == 0xa1b2c3d4 || magic == 0xa1b23c4d;
        b.order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int at = 24;
        while (at + 16 <= b.limit()) {
            long sec = Integer.toUnsignedLong(b.getInt(at));
            b.putInt(at, (int) (sec - seconds));
            at += 16 + b.getInt(at + 8);
        }
        return Files.write(out, b.array());
    }
}
