package io.vigil.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What an analyst concluded when closing an alert, in the words SOCs use: it was an attack
 * ({@code true_positive}); the detector was right but the activity is allowed here, an
 * authorised scanner say ({@code benign_true_positive}); the detector was wrong
 * ({@code false_positive}); or another alert already covers it ({@code duplicate}). The weekly
 * report's precision is true / (true + false positives).
 */
public enum Verdict {
    TRUE_POSITIVE("true positive"), BENIGN_TRUE_POSITIVE("benign true positive"), FALSE_POSITIVE("false positive"),
    DUPLICATE("duplicate");

    private final String words;

    Verdict(String words) {
        this.words = words;
    }

    /** As a person reads it: "false positive". */
    public String words() {
        return words;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Verdict parse(String s) {
        for (Verdict v : values()) if (v.wire().equals(s)) return v;
        throw new IllegalArgumentException("verdict '" + s + "' is not one of true_positive, benign_true_positive, "
                + "false_positive, duplicate");
    }
}
