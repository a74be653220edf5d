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
        return context(truststore, password, null, null);
    }

    /**
     * As {@link #context(Path, String)}, presenting the certificate and key of a PKCS12
     * {@code keystore} when the server asks for one (a feed that authenticates its readers so).
     */
    public static SSLContext context(Path truststore, String password, Path keystore, String keystorePassword) {
        javax.net.ssl.TrustManager[] trust = null;
        javax.net.ssl.KeyManager[] keys = null;
        if (truststore != null) {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(truststore, password));
                trust = tmf.getTrustManagers();
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalArgumentException("truststore " + truststore + ": no such file");
            } catch (Exception e) {
                throw new IllegalArgumentException("truststore " + truststore + ": cannot load as PKCS12 or PEM (" + why(e) + ")");
            }
        }
        if (keystore != null) {
            try (InputStream in = Files.newInputStream(keystore)) {
                char[] pw = keystorePassword == null ? new char[0] : keystorePassword.toCharArray();
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(in, pw);
                javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                        javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
                keys = kmf.getKeyManagers();
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalArgumentException("keystore " + keystore + ": no such file");
            } catch (Exception e) {
                throw new IllegalArgumentException("keystore " + keystore + ": cannot load as PKCS12 (" + why(e) + ")");
            }
        }
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, trust, null);
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available: " + why(e));
        }
    }

    private static String why(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
