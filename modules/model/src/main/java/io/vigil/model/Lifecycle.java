package io.vigil.model;

import java.util.Locale;

/**
 * What a notice says happened to an alert — the {@code event} of a webhook, an e-mail's
 * subject, an audit record: {@code raised} (the first record of an alert id), {@code updated}
 * (a later one), {@code ended} (the episode closed), {@code escalated} (nobody acknowledged it
 * in time), {@code digest} (held back by a rate limit, sent with others), {@code acknowledged}
 * (someone took it). One word each on the wire, lower case.
 */
public enum Lifecycle {
    RAISED, UPDATED, ENDED, ESCALATED, DIGEST, ACKNOWLEDGED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The event for its wire word; an unknown word is refused. */
    public static Lifecycle parse(String wire) {
        for (Lifecycle l : values()) if (l.wire().equals(wire)) return l;
        throw new IllegalArgumentException("'" + wire + "' is not an alert event (raised, updated, ended, escalated, digest, "
                + "acknowledged)");
    }

    /** Whether {@code wire} names this event. */
    public boolean is(String wire) {
        return wire().equals(wire);
    }
}
