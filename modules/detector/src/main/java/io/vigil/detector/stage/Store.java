package io.vigil.detector.stage;

import io.vigil.detector.codec.Codec;
import io.vigil.detector.episode.Episodes;
import io.vigil.detector.message.Emitted;
import io.vigil.model.JsonSerde;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A key-value store of a stage, declared by what owns its state (a detector its own, a stage
 * its shared ones): the name (and so its changelog topic's) and its value serde. A stage's
 * supplier hands its stores to Streams ({@link ProcessorSupplier#stores()}), so the topology
 * never lists them and a detector's store comes with the detector.
 */
public record Store<V>(String name, Serde<V> serde, boolean held) {

    public Store(String name, Serde<V> serde) {
        this(name, serde, true);
    }

    /**
     * The same store with nothing held in memory: for a store whose keys are many and each
     * touched rarely (a host's contacts with random peers), where holding values saves no
     * writes. Gets and puts go to RocksDB (and the changelog) at once instead.
     */
    public Store<V> direct() {
        return new Store<>(name, serde, false);
    }

    /** A store whose values are written with {@code codec}. */
    public static <V> Store<V> of(String name, Codec<V> codec) {
        return new Store<>(name, codec.serde(name));
    }

    /** The alert episodes of a stage: {@code STAGE-episodes}. */
    public static Store<Episodes.State> episodes(String stage) {
        return new Store<>(stage + "-episodes", new JsonSerde<>(Episodes.State.class, v -> List.of()));
    }

    /** The end-of-input markers a stage has seen: {@code STAGE-eoi}. */
    public static Store<byte[]> markers(String stage) {
        return new Store<>(stage + "-eoi", Serdes.ByteArray());
    }

    /**
     * Persistent, keys as strings, logged to a changelog (so a task moved elsewhere takes its
     * state); its values held decoded between commits ({@link HeldStore}) unless declared otherwise.
     */
    public StoreBuilder<KeyValueStore<String, V>> builder() {
        StoreBuilder<KeyValueStore<String, V>> b = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name),
                Serdes.String(), serde);
        return held ? HeldStore.builder(b) : b;
    }

    /** The store as the task in hand has it. */
    public KeyValueStore<String, V> open(ProcessorContext<?, ?> context) {
        return context.getStateStore(name);
    }

    /** A supplier of the stage {@code make} builds, which asks Streams for {@code stores}. */
    public static <V> ProcessorSupplier<String, V, String, Emitted> supplier(Supplier<Processor<String, V, String, Emitted>> make,
            List<Store<?>> stores) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, V, String, Emitted> get() {
                return make.get();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores.stream().map(Store::builder).collect(Collectors.toSet());
            }
        };
    }
}
