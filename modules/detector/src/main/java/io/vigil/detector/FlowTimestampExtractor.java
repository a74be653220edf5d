package io.vigil.detector;

import io.vigil.model.FlowRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a flow record is its end, whatever timestamp the producer set: a flow
 * produced by a third-party tool with wall-clock timestamps still lands in the right window.
 */
public final class FlowTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof FlowRecord f && f.end() > 0) return f.end();
        return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
    }
}
