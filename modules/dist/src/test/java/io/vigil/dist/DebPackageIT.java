package io.vigil.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway package as Debian's own tools see it: its metadata and contents
 * ({@code dpkg-deb}), its systemd units ({@code systemd-analyze verify} and {@code security}
 * on the unpacked tree, beside the host's standard units), and the installed launcher running
 * {@code --version} and {@code --check} on the configuration files it ships.
 */
class DebPackageIT {

    @TempDir
    static Path root;

    static Path deb;

    @BeforeAll
    static void unpack() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            deb = s.filter(p -> p.getFileName().toString().matches("vigil_.*_all\\.deb")).findFirst().orElseThrow(
                    () -> new AssertionError("target/vigil_VERSION_all.deb (jdeb runs in package)"));
        }
        Run r = run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()));
        assertThat(r.code).as(r.out).isZero();
    }

    @Test
    void itsMetadataNamesWhatItNeeds() throws Exception {
        Run r = run(List.of("dpkg-deb", "-f", deb.toString(), "Package", "Architecture", "Depends", "Version"));
        assertThat(r.code).as(r.out).isZero();
        assertThat(r.out).contains("Package: vigil").contains("Architecture: all")
                .contains("openjdk-17-jre-headless | java17-runtime-headless").contains("libpcap0.8")
                .containsPattern("Version: \\d+\\.\\d+\\.\\d+");
        Run scripts = run(List.of("dpkg-deb", "-I", deb.toString()));
        assertThat(scripts.out).contains("preinst").contains("postinst").contains("prerm").contains("postrm")
                .contains("conffiles");
    }

    @Test
    void itInstallsTheLauncherTheJarTheUnitsAndItsSettingsAsConffiles() throws Exception {
        Run c = run(List.of("dpkg-deb", "-c", deb.toString()));
        assertThat(c.out).containsPattern("-rwxr-xr-x root/root +\\d+ .* \\./usr/bin/vigil\\n")
                .containsPattern("-rw-r--r-- root/root +\\d+ .* \\./usr/share/vigil/vigil\\.jar\\n")
                .contains("./lib/systemd/system/vigil-collector.service")
                .contains("./lib/systemd/system/vigil-standalone.service")
                .containsPattern("-rw-r----- root/root +\\d+ .* \\./etc/vigil/collector\\.yaml\\n")
                .contains("./usr/share/doc/vigil/configuration.md");
        assertThat(c.out).as("nothing but /var/lib/vigil belongs to the service's user, and the package makes none")
                .doesNotContainPattern("(?m)^\\S+ vigil/");
        Path control = root.resolve("control");
        Run e = run(List.of("dpkg-deb", "-e", deb.toString(), control.toString()));
        assertThat(e.code).isZero();
        assertThat(Files.readAllLines(control.resolve("conffiles")))
                .containsExactlyInAnyOrder("/etc/vigil/collector.yaml", "/etc/vigil/standalone.yaml");
        assertThat(Files.readString(control.resolve("preinst"))).contains("adduser --system");
    }

    @Test
    void theUnitsVerifyAndRunAsTheirOwnUserWithOnlyTheCaptureCapabilities() throws Exception {
        // systemd-analyze needs the standard units (sysinit.target …) in the same root
        Path units = root.resolve("lib/systemd/system");
        try (Stream<Path> host = Files.list(Path.of("/lib/systemd/system"))) {
            for (Path p : host.toList()) {
                Path to = units.resolve(p.getFileName());
                if (!Files.exists(to, LinkOption.NOFOLLOW_LINKS)) Files.copy(p, to, LinkOption.NOFOLLOW_LINKS);
            }
        }
        for (String unit : List.of("vigil-collector.service", "vigil-standalone.service")) {
            Path file = units.resolve(unit);
            Run v = run(List.of("systemd-analyze", "verify", "--root=" + root, file.toString()));
            assertThat(v.code).as(unit + ": " + v.out).isZero();
            assertThat(v.out).as(unit).isBlank();
            String text = Files.readString(file);
            assertThat(text).contains("User=vigil").contains("AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN\n")
                    .contains("CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN\n").contains("NoNewPrivileges=true")
                    .contains("ProtectSystem=strict").contains("ReadWritePaths=/var/lib/vigil");
            Run s = run(List.of("systemd-analyze", "security", "--offline=true", "--root=" + root, file.toString()));
            String overall = s.out.lines().filter(l -> l.contains("Overall exposure level")).findFirst().orElse(s.out);
            assertThat(overall).as(unit).containsPattern("exposure level for .*: [0-3]\\.\\d (OK|SAFE)");
        }
    }

    @Test
    void theInstalledLauncherRunsAndTheShippedSettingsPassTheirCheck() throws Exception {
        String jar = "VIGIL_JAR=" + root.resolve("usr/share/vigil/vigil.jar");
        String launcher = root.resolve("usr/bin/vigil").toString();
        Run version = run(List.of("env", jar, launcher, "--version"));
        assertThat(version.code).as(version.out).isZero();
        assertThat(version.out).startsWith("vigil ");
        for (String role : List.of("collector", "standalone")) {
            Run check = run(List.of("env", jar, "VIGIL_JAVA_OPTS=-Xmx256m", launcher, role, "--config",
                    root.resolve("etc/vigil/" + role + ".yaml").toString(), "--check"));
            assertThat(check.code).as(role + ": " + check.out).isZero();
            assertThat(check.out).contains("vigil " + role + ": settings are valid");
        }
    }

    record Run(int code, String out) {}

    static Run run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }
}
