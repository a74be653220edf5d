package io.vigil.notifier;

import io.vigil.model.Alert;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One consumed alert record and how many deliveries it still waits for: its offset is
 * committed only when none is outstanding (consumer thread only).
 */
final class Pending {
    final ConsumerRecord<String, byte[]> record;
    final Alert alert;
    int outstanding;

    Pending(ConsumerRecord<String, byte[]> record, Alert alert) {
        this.record = record;
        this.alert = alert;
    }
}
