package io.vigil.bench;

import io.vigil.detector.Detector;
import io.vigil.detector.DetectorConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Kafka Streams' own pace on this machine, measured beside the detector in the same run: the
 * flows topic copied byte for byte to a topic of its own by a topology that does nothing else,
 * with the detector's settings (exactly-once, threads, commit interval, producer batching), on
 * the same broker and partitions. What the detector reaches against it is Vigil's own cost.
 */
final class StreamsCeiling {

    /**
     * What the pass-through did: seconds from start to every record committed, of that the
     * start-up, and its records a second over the second half of the input and over each quarter.
     */
    record Result(double seconds, double startup, double secondHalf, String quarters) {}

    private StreamsCeiling() {}

    static Result run(Map<String, Object> clientProps, DetectorConfig config, String flowsTopic, int partitions, long records)
            throws Exception {
        String sink = config.applicationId() + "-ceiling-out";
        try (Admin admin = Admin.create(clientProps)) {
            admin.createTopics(List.of(new NewTopic(sink, partitions, (short) 1))).all().get();
        }
        Properties p = Detector.streamsProperties(config, clientProps);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId() + "-ceiling");
        p.remove(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG);
        p.remove(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG);
        p.remove(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG);
        StreamsBuilder b = new StreamsBuilder();
        b.stream(flowsTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(sink, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        long start = System.nanoTime();
        long running = 0;
        try (KafkaStreams streams = new KafkaStreams(b.build(), p); Admin admin = Admin.create(clientProps);
             GroupProgress progress = GroupProgress.watch(clientProps, config.applicationId() + "-ceiling", flowsTopic)) {
            streams.start();
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (int i = 0; i < partitions; i++) ends.put(new TopicPartition(sink, i), OffsetSpec.latest());
            ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
            long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
            while (System.nanoTime() < deadline) {
                if (running == 0 && streams.state() == KafkaStreams.State.RUNNING) running = System.nanoTime();
                long done = 0, written = 0;
                for (var e : admin.listOffsets(ends, committed).all().get().values()) done += e.offset();
                for (var e : admin.listOffsets(ends).all().get().values()) written += e.offset();
                // offsets count the transactions' markers too: all records are in once nothing is left open
                if (done >= records && done == written) break;
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // the last commit may land between two samples: give the sampler time to see it
            Thread.sleep(500);
            return new Result(seconds, running == 0 ? 0 : (running - start) / 1e9, progress.rate(0.5, 1.0, records),
                    progress.quarters(records));
        }
    }
}
