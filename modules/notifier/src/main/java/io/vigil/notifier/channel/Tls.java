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
            KeyStore ts = load(truststore, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("truststore " + truststore + ": no such file");
        } catch (Exception e) {
            throw new IllegalArgumentException("truststore " + truststore + ": cannot load as PKCS12 or PEM ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
    }

    /** A PKCS12 truststore, or PEM certificates (a CA's {@code .crt}), as a trust store. */
    private static KeyStore load(Path file, String password) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        if (new String(bytes, 0, Math.min(bytes.length, 64), java.nio.charset.StandardCharsets.US_ASCII)
                .contains("-----BEGIN CERTIFICATE-----")) {
            ts.load(null, null);
            int i = 0;
            for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(new java.io.ByteArrayInputStream(bytes))) {
                ts.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) throw new IllegalArgumentException("no certificate in it");
            return ts;
        }
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            ts.load(in, password == null ? new char[0] : password.toCharArray());
        }
        return ts;
    }

    public static SSLParameters parameters(SSLContext ctx) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }
}
