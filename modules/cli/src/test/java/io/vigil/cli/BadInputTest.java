package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.simulator.Scenarios;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user mistake gets one line that names the file and the problem, exit 2, and no stack trace. */
class BadInputTest {

    @TempDir
    Path dir;

    static void assertOneLine(CliRun r, int exit, String expected) {
        assertThat(r.exit()).isEqualTo(exit);
        assertThat(r.err().lines().filter(l -> !l.isBlank())).as(r.err()).containsExactly(expected);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aMissingFile() {
        Path f = dir.resolve("nope.pcap");
        assertOneLine(CliRun.of("analyze", f.toString()), 2, "vigil: " + f + ": no such file");
        assertOneLine(CliRun.of("flows", f.toString()), 2, "vigil: " + f + ": no such file");
    }

    @Test
    void indicatorFilesThatCannotBeUsed() throws Exception {
        Path capture = dir.resolve("x.pcap");
        Path missing = dir.resolve("bulletin.json");
        assertOneLine(CliRun.of("analyze", "--indicators", missing.toString(), capture.toString()), 2,
                "vigil: --indicators: " + missing + ": no such file");
        Path report = Files.writeString(dir.resolve("report.json"), "{\"type\": \"report\"}");
        assertOneLine(CliRun.of("analyze", "--indicators", report.toString(), capture.toString()), 2,
                "vigil: --indicators: " + report + ": JSON that is neither a STIX bundle nor a MISP event");
    }

    @Test
    void intelChecksItsSourcesAndSecretsWithoutFetchingAnything() throws Exception {
        Path missing = dir.resolve("list.csv");
        assertOneLine(CliRun.of("intel", "--bootstrap", "127.0.0.1:1", "--source", missing.toString(), "--check"), 2,
                "vigil: --source: " + missing + ": no such file, or not readable");
        assertOneLine(CliRun.of("intel", "--bootstrap", "127.0.0.1:1", "--source", "http://feed.example/x", "--check"), 2,
                "vigil: --source: http://feed.example/x: only files and https URLs (TLS 1.2 or later) are read");
        assertOneLine(CliRun.of("intel", "--bootstrap", "127.0.0.1:1", "--source", "https://feed.example/x",
                "--token-file", missing.toString(), "--check"), 2, "vigil: --token-file: " + missing + ": no such file");
        CliRun ok = CliRun.of("intel", "--bootstrap", "127.0.0.1:1", "--source", "https://feed.example/x", "--every", "6h",
                "--check");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("vigil intel: valid: 1 source(s) into vigil.indicators.v1, every 6h\n");
    }

    @Test
    void aFileThatIsNotACapture() throws Exception {
        Path f = dir.resolve("notes.pcap");
        Files.writeString(f, "hello, this is text");
        assertOneLine(CliRun.of("analyze", f.toString()), 2,
                "vigil: " + f + ": not a pcap or pcapng file (starts with 68 65 6c 6c)");
    }

    @Test
    void anEmptyFileAndADirectory() throws Exception {
        Path f = Files.createFile(dir.resolve("empty.pcap"));
        assertOneLine(CliRun.of("flows", f.toString()), 2, "vigil: " + f + ": is empty, not a capture file");
        assertOneLine(CliRun.of("flows", dir.toString()), 2, "vigil: " + dir + ": is a directory, not a capture file");
    }

    @Test
    void anUnreadableFile() throws Exception {
        Path f = dir.resolve("secret.pcap");
        Scenarios.benign(1, 5).traffic().write(f);
        assertThat(f.toFile().setReadable(false, false)).isTrue();
        // root reads anything: then the check is meaningless, so only assert when it bites
        if (!Files.isReadable(f)) {
            assertOneLine(CliRun.of("flows", f.toString()), 2, "vigil: " + f + ": permission denied");
        }
    }

    @Test
    void aTypoInTheLastOfSeveralFilesFailsBeforeAnythingIsRead() throws Exception {
        Path good = dir.resolve("good.pcap");
        Scenarios.benign(1, 5).traffic().write(good);
        Path bad = dir.resolve("typo.pcap");
        CliRun r = CliRun.of("flows", "--out", dir.resolve("out.jsonl").toString(), good.toString(), bad.toString());
        assertOneLine(r, 2, "vigil: " + bad + ": no such file");
        assertThat(dir.resolve("out.jsonl")).doesNotExist();
    }

    @Test
    void aTruncatedFileIsReadUpToTheDamageAndReportedWithItsOffset() throws Exception {
        Path whole = dir.resolve("whole.pcap");
        Scenarios.benign(1, 30).traffic().write(whole);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        Path out = dir.resolve("flows.jsonl");

        CliRun r = CliRun.of("flows", "-q", "--out", out.toString(), cut.toString());

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).matches("(?s)vigil: " + Pattern.quote(cut.toString())
                + ": damaged at byte \\d+ \\(after packet \\d+\\): truncated record \\(\\d+ of \\d+ bytes\\); the \\d+ packets before it were read\\s*");
        assertThat(Files.readAllLines(out)).isNotEmpty();
    }

    @Test
    void aCaptureWithAPacketDated2106IsDamageNotAStackTrace() throws Exception {
        // a good capture, then a packet whose time is 2106: read up to it, one line, exit 3
        Path good = dir.resolve("good.pcap");
        Scenarios.benign(1, 10).traffic().write(good);
        byte[] bytes = Files.readAllBytes(good);
        ByteBuffer tail = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        tail.putInt(0xfffffff0).putInt(0).putInt(4).putInt(60).put(new byte[] {0x45, 0, 0, 60});
        Path bad = dir.resolve("y2106.pcap");
        Files.write(bad, bytes);
        Files.write(bad, tail.array(), StandardOpenOption.APPEND);

        CliRun r = CliRun.of("analyze", "-q", "--timeout", "60", bad.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.err().lines().filter(l -> !l.isBlank())).singleElement().asString()
                .startsWith("vigil: " + bad + ": damaged at byte " + bytes.length)
                .contains("packet dated 2106-").contains("in the future");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aCaptureWhoseTimesAreAllZeroEndsAtOnceNotAfterTheTimeout() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(24 + 3 * 20).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
        for (int i = 0; i < 3; i++) b.putInt(0).putInt(0).putInt(4).putInt(60).put(new byte[] {0x45, 0, 0, 60});
        Path zero = dir.resolve("zero.pcap");
        Files.write(zero, b.array());

        long t0 = System.nanoTime();
        CliRun r = CliRun.of("analyze", "-q", zero.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("packet dated 1970-01-01T00:00:00Z, a time of zero").doesNotContain("Exception");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void aPipeIsRefused() throws Exception {
        Path fifo = dir.resolve("in.pcap");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        assertOneLine(CliRun.of("flows", fifo.toString()), 2,
                "vigil: " + fifo + ": is not a regular file (a pipe or a device?); give a capture file");
    }

    @Test
    void anUnknownFlagOrBadValue() {
        assertOneLine(CliRun.of("analyze", "--bogus", "x.pcap"), 2,
                "vigil analyze: Unknown option: '--bogus' (see vigil analyze --help)");
        assertOneLine(CliRun.of("analyze", "--internal", "10.0.0.0/33", "x.pcap"), 2,
                "vigil: --internal '10.0.0.0/33': prefix length must be 0..32");
        assertOneLine(CliRun.of("analyze", "--site", "a b", "x.pcap"), 2,
                "vigil: --site 'a b' must be 1-64 letters, digits, '.', '_' or '-'");
    }

    @Test
    void anUnreachableBroker() throws Exception {
        Path f = dir.resolve("a.pcap");
        Scenarios.benign(1, 5).traffic().write(f);
        // port 1 on loopback: nothing listens, nothing leaves the host
        assertOneLine(CliRun.of("analyze", "--bootstrap", "127.0.0.1:1", f.toString()), 2,
                "vigil: cannot reach Kafka at 127.0.0.1:1 (no answer within 10 s; check --bootstrap and --kafka-config)");
    }

    @Test
    void helpListsTheRolesAndCommands() {
        CliRun r = CliRun.of("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("demo", "analyze", "flows", "simulate", "collector", "detector", "notifier", "audit", "report");
        for (String c : new String[] {"demo", "analyze", "flows", "simulate", "collector", "detector", "notifier", "audit", "report", "bench"}) {
            assertThat(CliRun.of(c, "--help").exit()).as(c + " --help").isZero();
        }
    }
}
