package io.vigil.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgently a person should look at an alert; ordered from least to most urgent. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("severity '" + s + "' is not one of info, low, medium, high, critical");
        }
    }

    /**
     * Severity from a detector score, where 1 means "just at the threshold". Why these cuts:
     * a score of 1 is worth an analyst's look (medium), twice the threshold is an attack in
     * progress (high), ten times is one that is hurting (critical).
     */
    public static Severity fromScore(double score) {
        if (score >= 10) return CRITICAL;
        if (score >= 2) return HIGH;
        if (score >= 1) return MEDIUM;
        if (score >= 0.5) return LOW;
        return INFO;
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
