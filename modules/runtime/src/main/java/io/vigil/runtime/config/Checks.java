package io.vigil.runtime.config;

import java.time.Duration;
import java.util.Collection;
import java.util.function.Predicate;

/** The checks settings share, each saying what a value must be in the words a problem line uses. */
public final class Checks {

    private Checks() {}

    /** A whole number of at least {@code min}. */
    public static <N extends Number> Setting.Check<N> atLeast(long min) {
        return v -> v.longValue() < min ? "must be at least " + min : null;
    }

    /** A decimal of at least {@code min}. */
    public static Setting.Check<Double> atLeast(double min) {
        return v -> v < min ? "must be at least " + (min == Math.rint(min) ? Long.toString((long) min) : Double.toString(min)) : null;
    }

    /** A number above zero. */
    public static <N extends Number> Setting.Check<N> positive() {
        return v -> v.doubleValue() <= 0 ? "must be positive" : null;
    }

    /** A number not below zero. */
    public static <N extends Number> Setting.Check<N> notNegative() {
        return v -> v.doubleValue() < 0 ? "must not be negative" : null;
    }

    /** A share above zero and at most one: (0, 1]. */
    public static Setting.Check<Double> share() {
        return v -> v <= 0 || v > 1 ? "must be in (0, 1]" : null;
    }

    /** A share from zero to one: [0, 1]. */
    public static Setting.Check<Double> fraction() {
        return v -> v < 0 || v > 1 ? "must be in [0, 1]" : null;
    }

    /** A whole number from {@code min} to {@code max}. */
    public static Setting.Check<Integer> between(int min, int max) {
        return v -> v < min || v > max ? "must be " + min + ".." + max : null;
    }

    /** A duration above zero. */
    public static Setting.Check<Duration> longerThanZero() {
        return v -> v.isNegative() || v.isZero() ? "must be positive" : null;
    }

    /** A duration not below zero. */
    public static Setting.Check<Duration> notNegativeTime() {
        return v -> v.isNegative() ? "must not be negative" : null;
    }

    /** A duration of at least {@code min}, which the problem says as the file writes it. */
    public static Setting.Check<Duration> atLeast(Duration min) {
        return v -> v.compareTo(min) < 0 ? "must be at least " + Units.text(min) : null;
    }

    /** Any value for which {@code ok} holds; {@code must} says what it must be otherwise. */
    public static <T> Setting.Check<T> that(Predicate<T> ok, String must) {
        return v -> ok.test(v) ? null : must;
    }

    /**
     * Every element of a list or set passes {@code element}, which says the problem of one
     * (an unreadable CIDR, say); the first problem is the setting's.
     */
    public static <T extends Collection<String>> Setting.Check<T> each(Setting.Check<String> element) {
        return v -> {
            for (String e : v) {
                String p = element.problem(e);
                if (p != null) return p;
            }
            return null;
        };
    }
}
