package io.vigil.notifier.channel;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for channels: the JVM's trusted CAs, or a PKCS12 truststore when the receiver uses a
 * private CA. Only TLS 1.2 and 1.3 are offered.
 */
public final class Tls {

    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private Tls() {}

    public static SSLContext context(Path truststore, String password) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (truststore == null) {
                ctx.init(null, null, null);
                return ctx;
            }
            KeyStore ts = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(truststore)) {
                ts.load(in, password == null ? new char[0] : password.toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("truststore " + truststore + ": no such file");
        } catch (Exception e) {
            throw new IllegalArgumentException("truststore " + truststore + ": cannot load as PKCS12 ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
    }

    public static SSLParameters parameters(SSLContext ctx) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }
}
