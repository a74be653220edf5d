package io.vigil.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.simulator.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil analyze} stopped by SIGTERM while it runs: it says so in one line, exits 143,
 * and leaves no broker or detector state behind (it used to leave about 100 MB in /tmp).
 */
class AnalyzeStopIT {

    @TempDir
    Path dir;

    @Test
    void aStoppedAnalyzeRemovesItsTemporaryFiles() throws Exception {
        Path capture = dir.resolve("long.pcap");
        Scenarios.benign(3, 900).traffic().write(capture);
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path err = dir.resolve("err.txt");
        Process p = VigilJar.command(List.of("-Djava.io.tmpdir=" + tmp), "analyze", "-q", capture.toString())
                .redirectError(err.toFile()).redirectOutput(dir.resolve("out.txt").toFile()).start();
        // when its broker and state exist, it is stopped
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && p.isAlive() && vigilDirs(tmp).size() < 2) Thread.sleep(50);
        assertThat(vigilDirs(tmp)).as("broker and state directories while it runs").hasSize(2);
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isEqualTo(143);
        assertThat(Files.readString(err).lines().filter(l -> !l.isBlank()))
                .containsExactly("vigil: stopped; temporary state and broker files removed");
        assertThat(vigilDirs(tmp)).as("nothing left behind").isEmpty();
    }

    static List<Path> vigilDirs(Path tmp) throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(x -> x.getFileName().toString().startsWith("vigil-")).toList();
        }
    }
}
