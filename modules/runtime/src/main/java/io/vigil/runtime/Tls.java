package io.vigil.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts for every role, both sides: a client trusts the JVM's CAs or a PKCS12 / PEM
 * truststore (a receiver or feed behind a private CA) and may present a PKCS12 key; a server
 * presents a PKCS12 key. Only TLS 1.2 and 1.3 are offered. A file that cannot be loaded is
 * one sentence naming it.
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
        TrustManager[] trust = null;
        if (truststore != null) {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trustStore(truststore, password));
                trust = tmf.getTrustManagers();
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("truststore " + truststore + ": no such file");
            } catch (Exception e) {
                throw new IllegalArgumentException("truststore " + truststore + ": cannot load as PKCS12 or PEM (" + why(e) + ")");
            }
        }
        return init(keystore == null ? null : keys("keystore", keystore, keystorePassword), trust);
    }

    /**
     * The server side from a PKCS12 keystore (the endpoint's certificate and key).
     *
     * @throws IllegalArgumentException naming {@code what} (the setting) and the file when it cannot be loaded
     */
    public static SSLContext server(String what, Path keystore, String password) {
        return init(keys(what, keystore, password), null);
    }

    /** A client's parameters: the protocols above and the server's name checked against its certificate. */
    public static SSLParameters parameters(SSLContext ctx) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }

    private static KeyManager[] keys(String what, Path keystore, String password) {
        char[] pw = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, pw);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            return kmf.getKeyManagers();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " " + keystore + ": no such file");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(what + " " + keystore + ": cannot load as PKCS12 (" + why(e) + ")");
        }
    }

    private static SSLContext init(KeyManager[] keys, TrustManager[] trust) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available: " + why(e));
        }
    }

    private static String why(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A PKCS12 truststore, or PEM certificates (a CA's {@code .crt}), as a trust store. */
    private static KeyStore trustStore(Path file, String password) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        if (new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
            ts.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                ts.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) throw new IllegalArgumentException("no certificate in it");
            return ts;
        }
        ts.load(new ByteArrayInputStream(bytes), password == null ? new char[0] : password.toCharArray());
        return ts;
    }
}
