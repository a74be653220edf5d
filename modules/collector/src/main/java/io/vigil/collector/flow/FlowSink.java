package io.vigil.collector.flow;

import io.vigil.model.FlowRecord;

/** Where exported flow records go: Kafka, a JSON-lines file, a test's list. */
@FunctionalInterface
public interface FlowSink {
    void accept(FlowRecord record);
}
