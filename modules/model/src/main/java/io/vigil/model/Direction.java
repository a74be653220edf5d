package io.vigil.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Which way a flow crosses the site's edge, from who opened it: {@code outbound} (an internal
 * host to the outside), {@code inbound} (the outside to an internal host), {@code internal}
 * (both inside) and {@code external} (neither: transit the sensor saw). The rule is here once;
 * the collector's capture, its NetFlow join and the tests all ask it.
 */
public enum Direction {
    INBOUND, OUTBOUND, INTERNAL, EXTERNAL;

    // written and read with every flow record: made once
    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The direction of a flow whose opener and answerer are or are not the site's own addresses. */
    public static Direction of(boolean srcInternal, boolean dstInternal) {
        return srcInternal ? (dstInternal ? INTERNAL : OUTBOUND) : (dstInternal ? INBOUND : EXTERNAL);
    }

    /** Whether the flow crosses the internet edge (inbound or outbound). */
    public boolean crossesEdge() {
        return this == INBOUND || this == OUTBOUND;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The wire word of {@code d}, or null when the flow has no direction. */
    public static String wireOf(Direction d) {
        return d == null ? null : d.wire();
    }

    /** The direction for its wire word; null stays null, an unknown word is refused. */
    @JsonCreator
    public static Direction parse(String wire) {
        if (wire == null) return null;
        switch (wire) {
            case "inbound": return INBOUND;
            case "outbound": return OUTBOUND;
            case "internal": return INTERNAL;
            case "external": return EXTERNAL;
            default: break;
        }
        throw new IllegalArgumentException("direction '" + wire + "' is not inbound, outbound, internal or external");
    }
}
