package io.vigil.detector.internal;

import io.vigil.model.Alert;
import io.vigil.model.EndOfInputAck;

/** What a detector stage forwards: an alert, or the acknowledgement of a completed input. */
public record Emitted(Alert alert, EndOfInputAck ack) {

    public static Emitted of(Alert a) {
        return new Emitted(a, null);
    }

    public static Emitted of(EndOfInputAck a) {
        return new Emitted(null, a);
    }
}
