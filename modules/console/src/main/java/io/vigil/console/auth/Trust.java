package io.vigil.console.auth;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The CAs the console trusts a sign-in provider with: a PKCS12 truststore or a PEM file of CA certificates. */
public final class Trust {

    private Trust() {}

    /** A client context trusting {@code file}'s CAs, TLS 1.2 or later; null {@code file}: the JVM's own CAs. */
    public static SSLContext of(Path file, String password) {
        if (file == null) return null;
        try {
            KeyStore ks;
            if (file.toString().endsWith(".pem") || file.toString().endsWith(".crt")) {
                ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                try (InputStream in = Files.newInputStream(file)) {
                    int i = 0;
                    for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        ks.setCertificateEntry("ca-" + i++, (X509Certificate) c);
                    }
                }
            } else {
                ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(file)) {
                    ks.load(in, password == null ? new char[0] : password.toCharArray());
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalArgumentException("oidc.truststore: " + file + ": cannot load: " + e.getMessage());
        }
    }
}
