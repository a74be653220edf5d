package io.vigil.detector.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link HeldStore} promises: reads see every put at once, the store beneath (and so the
 * changelog) gets each changed key once, when Streams flushes before a commit; a dirty close
 * keeps nothing that was not flushed.
 */
class HeldStoreTest {

    private KeyValueStore<String, String> held;
    private KeyValueStore<String, String> beneath;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void open() {
        held = HeldStore.builder(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"), Serdes.String(),
                Serdes.String()).withLoggingDisabled()).build();
        held.init(new MockProcessorContext<>().getStateStoreContext(), held);
        beneath = ((WrappedStateStore<KeyValueStore<String, String>, String, String>) held).wrapped();
    }

    private void commit() {
        ((HeldStore<?>) held).flushCache();
    }

    @Test
    void putsAreSeenAtOnceAndWrittenOnceAtTheCommit() {
        for (int i = 0; i < 100; i++) held.put("host", "v" + i);
        assertThat(held.get("host")).isEqualTo("v99");
        assertThat(beneath.get("host")).as("not written before the commit").isNull();
        commit();
        assertThat(beneath.get("host")).isEqualTo("v99");
        held.put("host", "v100");
        assertThat(beneath.get("host")).isEqualTo("v99");
        commit();
        assertThat(beneath.get("host")).isEqualTo("v100");
    }

    @Test
    void scansAndCountsSeeWhatIsHeld() {
        held.put("a", "1");
        held.put("b", "2");
        List<KeyValue<String, String>> all = new ArrayList<>();
        try (KeyValueIterator<String, String> it = held.all()) {
            it.forEachRemaining(all::add);
        }
        assertThat(all).containsExactly(KeyValue.pair("a", "1"), KeyValue.pair("b", "2"));
        assertThat(held.approximateNumEntries()).isEqualTo(2);
    }

    @Test
    void deletesAndNullPutsReachTheStoreBeneath() {
        held.put("a", "1");
        commit();
        assertThat(held.delete("a")).isEqualTo("1");
        assertThat(beneath.get("a")).isNull();
        held.put("b", "2");
        held.put("b", null);
        commit();
        assertThat(held.get("b")).isNull();
        assertThat(beneath.get("b")).isNull();
        assertThat(held.putIfAbsent("c", "3")).isNull();
        assertThat(held.putIfAbsent("c", "4")).isEqualTo("3");
    }

    @Test
    void aDirtyCloseKeepsOnlyWhatWasFlushed() {
        held.put("a", "committed");
        commit();
        held.put("a", "after the commit");
        held.put("b", "after the commit");
        ((HeldStore<?>) held).clearCache();
        assertThat(held.get("a")).isEqualTo("committed");
        assertThat(held.get("b")).isNull();
    }

    @Test
    void cleanValuesPastTheBoundAreDroppedAndReadAgainFromBeneath() {
        int n = HeldStore.KEEP + 100;
        for (int i = 0; i < n; i++) held.put("k" + i, "v" + i);
        commit();
        for (int i = 0; i < n; i++) assertThat(held.get("k" + i)).isEqualTo("v" + i);
        assertThat(beneath.approximateNumEntries()).isEqualTo(n);
    }
}
