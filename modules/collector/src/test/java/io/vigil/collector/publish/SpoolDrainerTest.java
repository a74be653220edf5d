package io.vigil.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.collector.spool.Spool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spool that cannot be read is said, and the drainer lives on to try again, rather than ending unseen. */
class SpoolDrainerTest {

    @TempDir
    Path dir;

    @Test
    void aSpoolItCannotReadIsSaidAndTheDrainerGoesOn() throws Exception {
        Spool spool = new Spool(dir, 1 << 20, 1 << 16);
        for (int i = 0; i < 10; i++) spool.append(("k" + i).getBytes(StandardCharsets.UTF_8), new byte[100], i);
        // the disk loses the spool's files under it (a full disk, a cleaner, a failing device)
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) Files.delete(p);
        }
        // nothing is sent: the producer points at a closed port and is never reached
        Map<String, Object> props = Map.of("bootstrap.servers", "127.0.0.1:1", "max.block.ms", 100);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
             SpoolDrainer drainer = new SpoolDrainer(spool, producer, "flows", new AtomicLong(), () -> { })) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (drainer.failure() == null && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(drainer.failure()).startsWith("the spool cannot be drained: java.io.UncheckedIOException: cannot read spool");
            Thread.sleep(200);
            assertThat(drainer.failure()).as("still trying, not stopped").startsWith("the spool cannot be drained");
        }
    }
}
