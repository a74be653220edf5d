package io.vigil.collector.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HmacPseudonymizerTest {

    @TempDir
    Path dir;

    @Test
    void internalAddressesBecomeStableKeyedPseudonymsAndExternalOnesStay() {
        HmacPseudonymizer a = new HmacPseudonymizer("0123456789abcdef0123".getBytes());
        HmacPseudonymizer b = new HmacPseudonymizer("another key, 16+ bytes".getBytes());
        byte[] host = {10, 1, 2, 3};
        String p = a.map(host, "10.1.2.3", true);
        assertThat(p).matches("ip-[0-9a-f]{16}");
        assertThat(a.map(host, "10.1.2.3", true)).isEqualTo(p);
        assertThat(b.map(host, "10.1.2.3", true)).isNotEqualTo(p);
        assertThat(a.map(new byte[] {10, 1, 2, 4}, "10.1.2.4", true)).isNotEqualTo(p);
        assertThat(a.map(new byte[] {(byte) 198, 51, 100, 7}, "198.51.100.7", false)).isEqualTo("198.51.100.7");
    }

    @Test
    void keyFilesAreCheckedWithClearMessages() throws Exception {
        Path shortKey = dir.resolve("short.key");
        Files.write(shortKey, new byte[8]);
        Files.setPosixFilePermissions(shortKey, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> HmacPseudonymizer.fromKeyFile(shortKey))
                .hasMessage(shortKey + ": pseudonymisation key must be at least 16 bytes, got 8");
        Path open = dir.resolve("open.key");
        Files.write(open, new byte[32]);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> HmacPseudonymizer.fromKeyFile(open))
                .hasMessage(open + ": pseudonymisation key file is readable by others; chmod 600 it");
        assertThatThrownBy(() -> HmacPseudonymizer.fromKeyFile(dir.resolve("none.key")))
                .hasMessage(dir.resolve("none.key") + ": pseudonymisation key file: no such file");
    }
}
