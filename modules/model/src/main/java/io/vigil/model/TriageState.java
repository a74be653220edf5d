package io.vigil.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where an alert stands with the people who look at it: nobody has taken it yet
 * ({@code open}), someone has ({@code acknowledged}: escalation stops), or it was judged and
 * put away with a {@link Verdict} ({@code closed}). Apart from the alert's own {@code status}
 * (active or ended), which the detector sets from the traffic.
 */
public enum TriageState {
    OPEN, ACKNOWLEDGED, CLOSED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TriageState parse(String s) {
        for (TriageState t : values()) if (t.wire().equals(s)) return t;
        throw new IllegalArgumentException("triage state '" + s + "' is not one of open, acknowledged, closed");
    }
}
