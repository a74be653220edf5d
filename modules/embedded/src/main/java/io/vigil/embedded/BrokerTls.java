package io.vigil.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * TLS for the embedded broker: a private CA and a broker certificate it signs (for 127.0.0.1
 * and localhost), made with the JDK's keytool on first use in a directory and reused after,
 * or given by the user. Clients trust the CA, so the broker is authenticated, not just
 * encrypted. The store password is random, kept in a file only the owner can read, and never
 * logged. Every listener and client speaks TLS 1.3 or 1.2 only.
 */
public final class BrokerTls {

    /** The only protocols Vigil's Kafka listeners and clients enable (Internet First: TLS 1.2+). */
    public static final String PROTOCOLS = "TLSv1.3,TLSv1.2";

    private final Path keystore;
    private final Path truststore;
    private final String password;

    public BrokerTls(Path keystore, Path truststore, String password) {
        this.keystore = keystore;
        this.truststore = truststore;
        this.password = password;
    }

    /** The CA and broker certificate in {@code dir}, made now if they are not there yet. */
    public static BrokerTls inDirectory(Path dir) {
        Path ks = dir.resolve("broker.p12"), ts = dir.resolve("ca-trust.p12"), pw = dir.resolve("store-password");
        try {
            if (Files.isRegularFile(ks) && Files.isRegularFile(ts) && Files.isRegularFile(pw)) {
                return new BrokerTls(ks, ts, Files.readString(pw, StandardCharsets.UTF_8).trim());
            }
            Files.createDirectories(dir);
            byte[] secret = new byte[18];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            Files.writeString(pw, password, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
            generate(dir, ks, ts, password);
            return new BrokerTls(ks, ts, password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the embedded broker's TLS material in " + dir, e);
        }
    }

    private static void generate(Path dir, Path ks, Path ts, String pw) throws IOException {
        Path caStore = dir.resolve("ca.p12"), caCert = dir.resolve("ca.crt");
        Path csr = dir.resolve("broker.csr"), brokerCert = dir.resolve("broker.crt");
        String days = "825";
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-dname", "CN=Vigil embedded broker CA", "-ext", "bc:c", "-keystore", caStore, "-storetype", "PKCS12",
                "-storepass", pw);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore, "-storepass", pw, "-file", caCert);
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", days,
                "-dname", "CN=localhost", "-keystore", ks, "-storetype", "PKCS12", "-storepass", pw);
        keytool("-certreq", "-alias", "broker", "-keystore", ks, "-storepass", pw, "-file", csr);
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore, "-storepass", pw, "-infile", csr,
                "-outfile", brokerCert, "-validity", days, "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-ext", "KU=digitalSignature", "-ext", "EKU=serverAuth,clientAuth");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert, "-keystore", ks, "-storepass", pw);
        keytool("-importcert", "-alias", "broker", "-file", brokerCert, "-keystore", ks, "-storepass", pw);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert, "-keystore", ts, "-storetype", "PKCS12",
                "-storepass", pw);
        Files.deleteIfExists(csr);
    }

    /**
     * A client certificate for {@code name} signed by this directory's CA, in {@code name.p12}
     * beside the broker's (made on first call, reused after), with the stores' password: what a
     * broker that asks clients for a certificate accepts. The certificate's subject is
     * {@code CN=name}.
     */
    public Path clientKeystore(String name) {
        if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) throw new IllegalArgumentException("a client name is [a-z0-9-]: " + name);
        Path dir = keystore.getParent(), ks = dir.resolve(name + ".p12");
        if (Files.isRegularFile(ks)) return ks;
        Path caStore = dir.resolve("ca.p12"), caCert = dir.resolve("ca.crt");
        Path csr = dir.resolve(name + ".csr"), cert = dir.resolve(name + ".crt");
        if (!Files.isRegularFile(caStore)) throw new IllegalStateException("no CA in " + dir + " to sign a client certificate");
        try {
            keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "825",
                    "-dname", "CN=" + name, "-keystore", ks, "-storetype", "PKCS12", "-storepass", password);
            keytool("-certreq", "-alias", name, "-keystore", ks, "-storepass", password, "-file", csr);
            keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore, "-storepass", password, "-infile", csr,
                    "-outfile", cert, "-validity", "825", "-ext", "KU=digitalSignature", "-ext", "EKU=clientAuth");
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert, "-keystore", ks, "-storepass", password);
            keytool("-importcert", "-alias", name, "-file", cert, "-keystore", ks, "-storepass", password);
            Files.deleteIfExists(csr);
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a client certificate for " + name + " in " + dir, e);
        }
    }

    /** The CA's certificate (PEM), for clients that take PEM trust. */
    public Path caCertificate() {
        return keystore.getParent().resolve("ca.crt");
    }

    /** The truststore (PKCS12) that holds the CA. */
    public Path truststore() {
        return truststore;
    }

    /** Runs the JDK's keytool with {@code args}; a failure says keytool's own words, on one line. */
    public static void keytool(Object... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        for (Object a : args) cmd.add(a.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + out.strip().replace('\n', ' '));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool");
        }
    }

    /** The PKCS12 store with the certificate (for 127.0.0.1 and localhost) and its key. */
    public Path keystore() {
        return keystore;
    }

    /** The stores' password (random, kept beside them readable by the owner only). */
    public String password() {
        return password;
    }

    /** The broker side: keystore and the CA, for the broker's own connections to itself. */
    Map<String, String> brokerProps() {
        Map<String, String> p = new HashMap<>(clientProps());
        p.remove("security.protocol");
        p.put("ssl.keystore.location", keystore.toString());
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.password", password);
        p.put("ssl.key.password", password);
        p.put("ssl.client.auth", "none");
        return p;
    }

    /** What a Kafka client needs to reach the broker over TLS and check who it is. */
    public Map<String, String> clientProps() {
        Map<String, String> p = new HashMap<>();
        p.put("security.protocol", "SSL");
        p.put("ssl.truststore.location", truststore.toString());
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.password", password);
        p.put("ssl.enabled.protocols", PROTOCOLS);
        p.put("ssl.protocol", "TLSv1.3");
        p.put("ssl.endpoint.identification.algorithm", "https");
        return p;
    }

    @Override
    public String toString() {
        return "BrokerTls[keystore=" + keystore + ", truststore=" + truststore + ", password=****]";
    }
}
