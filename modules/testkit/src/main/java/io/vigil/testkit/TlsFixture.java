package io.vigil.testkit;

import io.vigil.embedded.BrokerTls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed server certificate for 127.0.0.1/localhost made with the JDK's keytool, and
 * a truststore holding it: real TLS servers in tests, and clients that trust exactly them.
 */
public final class TlsFixture {

    public static final String PASSWORD = "changeit";

    private final Path keystore;
    private final Path truststore;

    private TlsFixture(Path keystore, Path truststore) {
        this.keystore = keystore;
        this.truststore = truststore;
    }

    public static TlsFixture create(Path dir) {
        Path ks = dir.resolve("server.p12");
        Path cert = dir.resolve("server.crt");
        Path ts = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", ks.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "server", "-keystore", ks.toString(), "-storepass", PASSWORD, "-rfc", "-file",
                cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", cert.toString(), "-keystore", ts.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        return new TlsFixture(ks, ts);
    }

    private static void keytool(String... args) {
        try {
            BrokerTls.keytool((Object[]) args);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public Path keystore() {
        return keystore;
    }

    public Path truststore() {
        return truststore;
    }

    /** A server-side context (TLS 1.2 and 1.3 only) for this certificate. */
    public SSLContext serverContext() {
        return serverContext(false);
    }

    /**
     * A server-side context that, with {@code trustClients}, also trusts this certificate when a
     * client presents it (for servers that ask clients for a certificate).
     */
    public SSLContext serverContext(boolean trustClients) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(kmf.getKeyManagers(), trustClients ? clientTrust() : null, null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client-side context that trusts this certificate only. */
    public SSLContext clientContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(null, clientTrust(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private TrustManager[] clientTrust() {
        try (InputStream in = Files.newInputStream(truststore)) {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(in, PASSWORD.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            return tmf.getTrustManagers();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
