package io.vigil.intel;

import io.vigil.model.Indicator;
import io.vigil.model.Topic;
import io.vigil.runtime.TopicReader;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Indicator sources into the compacted indicators topic, once per {@link #load} call: what
 * each source lists now is written, what it lists as expired and what a source that loaded no
 * longer lists (a bulletin withdraws an address) become tombstones. A source that could not be
 * read withdraws nothing, since nothing says its entries were withdrawn. Used by
 * {@code vigil intel} and by the appliance's schedule.
 */
public final class IndicatorFeed implements AutoCloseable {

    /** One load: sources that failed, and the lines that say what happened. */
    public record Outcome(int failed, List<String> lines) {}

    private static final int SHOWN = 20;

    private final IndicatorLoader loader;
    private final List<String> sources;
    private final Topic<String, Indicator> topic;
    private final Map<String, Object> clientProps;
    private final KafkaProducer<String, Indicator> producer;

    public IndicatorFeed(IndicatorLoader loader, List<String> sources, Topic<String, Indicator> topic,
                         Map<String, Object> clientProps) {
        this.loader = loader;
        this.sources = List.copyOf(sources);
        this.topic = topic;
        this.clientProps = Map.copyOf(clientProps);
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put("acks", "all");
        p.put("enable.idempotence", true);
        this.producer = topic.producer(p);
    }

    /** Loads every source now; {@code say} gets one line per source, per skipped entry (up to 20) and per withdrawal. */
    public Outcome load(Consumer<String> say) {
        List<String> lines = new ArrayList<>();
        Consumer<String> both = l -> {
            lines.add(l);
            say.accept(l);
        };
        int failed = 0;
        Instant now = Instant.now();
        Map<String, Indicator> before = TopicReader.current(clientProps, topic, Duration.ofSeconds(60));
        Set<String> seen = new HashSet<>(), loaded = new HashSet<>();
        for (String source : sources) {
            try {
                List<Future<?>> sends = new ArrayList<>();
                IndicatorLoader.Loaded l = loader.load(source, (key, value) -> {
                    seen.add(key);
                    sends.add(producer.send(new ProducerRecord<>(topic.name(), key, value)));
                }, now);
                await(sends, source);
                loaded.add(source);
                both.accept(String.format("%s (%s): %d indicators, %d expired and removed, %d entries skipped", source,
                        l.format(), l.current(), l.expired(), l.skipped().size()));
                l.skipped().stream().limit(SHOWN).forEach(s -> both.accept("  skipped " + s));
                if (l.skipped().size() > SHOWN) both.accept("  ... and " + (l.skipped().size() - SHOWN) + " more");
            } catch (IOException e) {
                failed++;
                both.accept(e.getMessage());
            }
        }
        List<Future<?>> withdrawals = new ArrayList<>();
        before.forEach((key, i) -> {
            if (loaded.contains(i.source()) && !seen.contains(key)) {
                withdrawals.add(producer.send(new ProducerRecord<>(topic.name(), key, null)));
            }
        });
        if (!withdrawals.isEmpty()) {
            try {
                await(withdrawals, "withdrawals");
                both.accept(withdrawals.size() + " indicators no longer listed by their sources removed");
            } catch (IOException e) {
                failed++;
                both.accept(e.getMessage());
            }
        }
        return new Outcome(failed, lines);
    }

    /** Every send taken by Kafka: an indicator Kafka did not take is not quietly dropped, its source fails. */
    private void await(List<Future<?>> sends, String what) throws IOException {
        producer.flush();
        for (Future<?> f : sends) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IOException(what + ": Kafka did not take its indicators (" + e.getCause().getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(what + ": interrupted");
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
