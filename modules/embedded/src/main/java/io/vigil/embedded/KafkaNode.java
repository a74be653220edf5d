package io.vigil.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka node (KRaft) from an ordinary {@code server.properties}: what
 * {@code vigil broker} runs, so that a site without a Kafka image (or a test that needs a real
 * multi-broker cluster in separate processes) gets the same broker Apache ships. Its log
 * directories are formatted on first start with the given cluster id, and used as they are
 * after that.
 */
public final class KafkaNode implements AutoCloseable {

    private final KafkaRaftServer server;

    private KafkaNode(KafkaRaftServer server) {
        this.server = server;
    }

    /** Formats the node's directories if they are not yet, then starts it. */
    public static KafkaNode start(Properties props, String clusterId) {
        KafkaConfig config = new KafkaConfig(props, false);
        formatIfNeeded(props, clusterId);
        KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
        s.startup();
        return new KafkaNode(s);
    }

    /** The problems of a node's properties as Kafka sees them, or an empty list. */
    public static List<String> problems(Properties props) {
        List<String> out = new ArrayList<>();
        try {
            new KafkaConfig(props, false);
        } catch (RuntimeException e) {
            out.add(String.valueOf(e.getMessage()));
        }
        return out;
    }

    private static void formatIfNeeded(Properties props, String clusterId) {
        List<String> dirs = new ArrayList<>(List.of(props.getProperty("log.dirs", "/tmp/kraft-combined-logs").split(",")));
        String metadata = props.getProperty("metadata.log.dir", dirs.get(0));
        if (!dirs.contains(metadata)) dirs.add(metadata);
        if (Files.isRegularFile(Path.of(metadata, "meta.properties"))) return;
        if (clusterId == null) {
            throw new IllegalArgumentException(metadata + " is not formatted yet: give the cluster id (the same on every node)");
        }
        try {
            for (String d : dirs) Files.createDirectories(Path.of(d));
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(Integer.parseInt(props.getProperty("node.id")))
                    .setClusterId(clusterId)
                    .setDirectories(dirs)
                    .setMetadataLogDirectory(metadata)
                    .setControllerListenerName(props.getProperty("controller.listener.names", "CONTROLLER").split(",")[0])
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format " + metadata + ": " + e.getMessage(), e);
        }
    }

    public void awaitShutdown() {
        server.awaitShutdown();
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
