package io.vigil.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process broker. {@link #start()} formats a temporary directory and starts the
 * server; {@link #close()} stops it and deletes the directory, also when start-up failed
 * half-way. {@link #stopBroker()} and {@link #restartBroker()} keep the directory and ports,
 * so a test can take the broker away and bring the same one back.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path dir;
    private final boolean ownsDir;
    private final int brokerPort;
    private final int controllerPort;
    private final String clusterId;
    private KafkaRaftServer server;
    private BrokerTls tls;
    private boolean clientAuth;
    private boolean formatted;
    private long startMillis;

    private EmbeddedKafka(Path dir, boolean ownsDir, int brokerPort, int controllerPort) {
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        String existing = formattedClusterId(dir.resolve("log"));
        this.clusterId = existing == null ? Uuid.randomUuid().toString() : existing;
        this.formatted = existing != null;
    }

    /**
     * A broker whose data stays in {@code dir} (the site appliance's): formatted on first use,
     * then started on the same data, cluster id and ports every time; {@link #close()} keeps it.
     */
    public static EmbeddedKafka persistent(Path dir, int brokerPort, int controllerPort) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's directory " + dir, e);
        }
        return new EmbeddedKafka(dir, false, brokerPort, controllerPort);
    }

    /** The cluster id a formatted log directory carries, or null when it is not formatted. */
    private static String formattedClusterId(Path logDir) {
        Path meta = logDir.resolve("meta.properties");
        if (!Files.isRegularFile(meta)) return null;
        Properties p = new Properties();
        try (var in = Files.newInputStream(meta)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta, e);
        }
        return p.getProperty("cluster.id");
    }

    /** A broker on two free loopback ports and a new temporary directory; not yet started. */
    public static EmbeddedKafka create() {
        try {
            Path dir = Files.createTempDirectory("vigil-kafka-");
            return new EmbeddedKafka(dir, true, freePort(), freePort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the embedded broker", e);
        }
    }

    /** A broker on the given ports (0 = any free one); for tests of start-up failures. */
    public static EmbeddedKafka createOnPorts(int brokerPort, int controllerPort) {
        try {
            Path dir = Files.createTempDirectory("vigil-kafka-");
            return new EmbeddedKafka(dir, true, brokerPort == 0 ? freePort() : brokerPort,
                    controllerPort == 0 ? freePort() : controllerPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the embedded broker", e);
        }
    }

    /** Creates and starts a broker; on failure nothing is left behind. */
    public static EmbeddedKafka startNew() {
        EmbeddedKafka k = create();
        try {
            k.start();
            return k;
        } catch (RuntimeException e) {
            k.close();
            throw e;
        }
    }

    /** Listens with TLS (both listeners, TLS 1.3/1.2 only) from the next {@link #start()}. */
    public synchronized EmbeddedKafka withTls(BrokerTls material) {
        if (server != null) throw new IllegalStateException("set TLS before the broker starts");
        this.tls = material;
        return this;
    }

    /**
     * From the next {@link #start()}, clients must also present a certificate from the
     * broker's CA (mutual TLS); {@link #clientProps()} then carries one made for the
     * in-process roles ({@code CN=vigil-appliance}). Needs {@link #withTls}.
     */
    public synchronized EmbeddedKafka withClientAuth() {
        if (tls == null) throw new IllegalStateException("client certificates need TLS");
        this.clientAuth = true;
        return this;
    }

    /** Creates and starts a broker that listens with TLS only; on failure nothing is left behind. */
    public static EmbeddedKafka startNewWithTls() {
        EmbeddedKafka k = create();
        try {
            k.withTls(BrokerTls.inDirectory(k.dir.resolve("tls")));
            k.start();
            return k;
        } catch (RuntimeException e) {
            k.close();
            throw e;
        }
    }

    public synchronized EmbeddedKafka start() {
        if (server != null) return this;
        long t0 = System.nanoTime();
        try {
            KafkaConfig config = new KafkaConfig(properties(), false);
            if (!formatted) {
                format();
                formatted = true;
            }
            KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
            server = s;
            s.startup();
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException("embedded kafka broker failed to start on 127.0.0.1:" + brokerPort
                    + ": " + e.getMessage(), e);
        }
        startMillis = (System.nanoTime() - t0) / 1_000_000;
        log.debug("embedded broker started bootstrap={} ms={}", bootstrapServers(), startMillis);
        return this;
    }

    private void format() throws Exception {
        Path logDir = dir.resolve("log");
        Files.createDirectories(logDir);
        // The formatter prints progress lines; they are not for the user.
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        new Formatter()
                .setPrintStream(sink)
                .setNodeId(1)
                .setClusterId(clusterId)
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                // Transactions v1: under load the v2 broker logs retriable OutOfOrderSequence errors at
                // ERROR for fresh changelog partitions (KAFKA-18202), which would reach a user's
                // terminal; v1 is what most clusters still run, and exactly-once is the same.
                .setFeatureLevel("transaction.version", (short) 1)
                .run();
    }

    private Properties properties() {
        Properties p = new Properties();
        try (InputStream in = EmbeddedKafka.class.getResourceAsStream("single-node.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the broker's settings are missing from the jar", e);
        }
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "BROKER://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "BROKER://127.0.0.1:" + brokerPort);
        String protocol = tls == null ? "PLAINTEXT" : "SSL";
        p.put("listener.security.protocol.map", "BROKER:" + protocol + ",CONTROLLER:" + protocol);
        if (tls != null) p.putAll(tls.brokerProps());
        if (clientAuth) {
            p.put("ssl.client.auth", "required");
            // principals read as the certificate's name (User:vigil-appliance), as on a trust's cluster
            p.put("ssl.principal.mapping.rules", "RULE:^CN=([^,]*)$/$1/,DEFAULT");
        }
        p.put("log.dirs", dir.resolve("log").toString());
        p.put("metadata.log.dir", dir.resolve("log").toString());
        return p;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** What a client needs to reach this broker: the bootstrap address and, with TLS, the trust settings. */
    public Map<String, String> clientProps() {
        Map<String, String> p = new HashMap<>();
        if (tls != null) p.putAll(tls.clientProps());
        if (clientAuth) {
            p.put("ssl.keystore.location", tls.clientKeystore("vigil-appliance").toString());
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.password", tls.password());
            p.put("ssl.key.password", tls.password());
        }
        p.put("bootstrap.servers", bootstrapServers());
        return p;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** How long the last {@link #start()} took, in milliseconds. */
    public long startMillis() {
        return startMillis;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops the broker but keeps its data and ports, as if the host went away. */
    public synchronized void stopBroker() {
        stopQuietly();
    }

    /** Starts the same broker again on the same ports with the same data. */
    public synchronized void restartBroker() {
        start();
    }

    private void stopQuietly() {
        KafkaRaftServer s = server;
        server = null;
        if (s == null) return;
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("embedded broker did not stop cleanly error={}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        stopQuietly();
        if (ownsDir) deleteTree(dir);
    }

    public Path directory() {
        return dir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("cannot delete embedded broker directory dir={} error={}", root, e.toString());
        }
    }
}
