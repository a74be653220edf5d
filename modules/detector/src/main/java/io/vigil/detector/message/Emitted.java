package io.vigil.detector.message;

import io.vigil.model.Alert;
import io.vigil.model.EndOfInputAck;
import io.vigil.model.SiteTraffic;

/**
 * What a detector stage forwards: an alert, the acknowledgement of a completed input, a host
 * stage's partial site total for the site stage, a closed minute of site traffic, or what the
 * host stage tells the peer stage about an outside peer.
 */
public record Emitted(Alert alert, EndOfInputAck ack, SitePartial partial, SiteTraffic traffic, PeerEvent peer) {

    public static Emitted of(Alert a) {
        return new Emitted(a, null, null, null, null);
    }

    public static Emitted of(EndOfInputAck a) {
        return new Emitted(null, a, null, null, null);
    }

    public static Emitted of(SiteTraffic t) {
        return new Emitted(null, null, null, t, null);
    }

    public static Emitted of(SitePartial p) {
        return new Emitted(null, null, p, null, null);
    }

    public static Emitted of(PeerEvent p) {
        return new Emitted(null, null, null, null, p);
    }
}
