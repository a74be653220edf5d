package io.vigil.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
}
