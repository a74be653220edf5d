package io.vigil.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/** The packaged {@code vigil.jar} run as its own process, as an engineer runs it. */
final class VigilJar {

    private VigilJar() {}

    static Path jar() {
        Path jar = Path.of("target/vigil.jar").toAbsolutePath();
        assertThat(jar).as("the packaged jar (integration tests run after package)").exists();
        return jar;
    }

    /** {@code java [jvmOptions] -jar vigil.jar args…}, with a small heap: several may run at once. */
    static ProcessBuilder command(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    static ProcessBuilder command(String... args) {
        return command(List.of(), args);
    }

    /** n distinct free loopback ports (held together while chosen, so none repeats). */
    static int[] freePorts(int n) throws IOException {
        int[] out = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                out[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) s.close();
        }
        return out;
    }

    /** Waits until nothing new has arrived in {@code received} for {@code quietSeconds}. */
    static void settle(IntSupplier received, int quietSeconds) throws InterruptedException {
        int seen = -1;
        while (seen != received.getAsInt()) {
            seen = received.getAsInt();
            Thread.sleep(quietSeconds * 1000L);
        }
    }
}
