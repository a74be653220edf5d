package io.vigil.notifier;

import io.vigil.testkit.TlsFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * One certificate for every TLS server the notifier's tests start, made once per JVM:
 * GreenMail reads its server certificate from system properties once, so two fixtures in one
 * JVM would leave the second test's clients distrusting the mail server.
 */
final class TestTls {

    private static TlsFixture tls;

    private TestTls() {}

    static synchronized TlsFixture get() {
        if (tls == null) {
            try {
                var dir = Files.createTempDirectory("vigil-notifier-tls-");
                dir.toFile().deleteOnExit();
                tls = TlsFixture.create(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty("greenmail.tls.keystore.file", tls.keystore().toString());
            System.setProperty("greenmail.tls.keystore.password", TlsFixture.PASSWORD);
            System.setProperty("greenmail.tls.key.password", TlsFixture.PASSWORD);
        }
        return tls;
    }
}
