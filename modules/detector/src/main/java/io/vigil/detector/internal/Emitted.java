package io.vigil.detector.internal;

import io.vigil.model.Alert;
import io.vigil.model.EndOfInputAck;
import io.vigil.model.SiteTraffic;

/**
 * What a detector stage forwards: an alert, the acknowledgement of a completed input, or a
 * host stage's partial site total for the site stage.
 */
public record Emitted(Alert alert, EndOfInputAck ack, SitePartial partial, SiteTraffic traffic) {

    public static Emitted of(Alert a) {
        return new Emitted(a, null, null, null);
    }

    public static Emitted of(EndOfInputAck a) {
        return new Emitted(null, a, null, null);
    }

    public static Emitted of(SiteTraffic t) {
        return new Emitted(null, null, null, t);
    }

    public static Emitted of(SitePartial p) {
        return new Emitted(null, null, p, null);
    }
}
