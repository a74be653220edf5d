package io.vigil.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.runtime.Tls;
import io.vigil.testkit.TlsFixture;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A channel's truststore may be PKCS12 or a CA's PEM certificate; either is really trusted, and only it. */
class TlsTrustTest {

    @TempDir
    Path dir;

    @Test
    void aPemCertificateOfTheServersCaIsTrusted() throws Exception {
        TlsFixture tls = TestTls.get();
        Path pem = pem(firstCertificate(tls.truststore(), TlsFixture.PASSWORD), "ca.crt");
        handshake(tls.serverContext(), Tls.context(pem, null));
        handshake(tls.serverContext(), Tls.context(tls.truststore(), TlsFixture.PASSWORD));
    }

    @Test
    void aPemCertificateOfAnotherCaIsNot() throws Exception {
        TlsFixture tls = TestTls.get();
        Path other = pem(firstCertificate(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"), "changeit"),
                "other.crt");
        assertThatThrownBy(() -> handshake(tls.serverContext(), Tls.context(other, null)))
                .isInstanceOf(SSLHandshakeException.class);
        Path garbage = Files.writeString(dir.resolve("garbage.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> Tls.context(garbage, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot load as PKCS12 or PEM");
    }

    private static Certificate firstCertificate(Path store, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType().equals("pkcs12") ? "PKCS12" : KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, password.toCharArray());
        }
        return ks.getCertificate(ks.aliases().nextElement());
    }

    private Path pem(Certificate c, String name) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.getEncoded());
        return Files.writeString(dir.resolve(name), "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
    }

    private static void handshake(SSLContext server, SSLContext client) throws Exception {
        try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.startHandshake();
                    s.getOutputStream().write(1);
                } catch (Exception e) {
                    // the client's failure is the test's
                }
            });
            t.start();
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
                s.startHandshake();
                assertThat(s.getInputStream().read()).isEqualTo(1);
            } finally {
                t.join(5000);
            }
        }
    }
}
