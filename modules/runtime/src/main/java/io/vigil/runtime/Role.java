package io.vigil.runtime;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What every long-running role — collector, detector, notifier, console, the weekly reports — is
 * to whoever runs it: the launcher's one runner, the standalone box that runs them all, a test.
 * Made from its settings, it is started, bound to the registry the metrics endpoint serves,
 * asked for its health while it runs, and closed; it says in one line what it is doing.
 */
public interface Role extends AutoCloseable {

    /** The role's name as the launcher and the health endpoint say it ({@code detector}). */
    String name();

    /**
     * Starts the role's threads and servers and returns once it runs.
     *
     * @throws Refused when the machine refuses what the settings ask (no such interface, a port
     *     in use, an unreadable file): its message is the one line to say
     */
    Role start();

    /** Registers its meters on {@code registry}, once, before or after {@link #start()}. */
    void bindMetrics(MeterRegistry registry);

    /** Up, degraded or down, with the reasons and the role's own figures. */
    Health health();

    /** What it is doing, said once it runs: {@code capturing on eth0 for site clinic-north}. */
    String running();

    /** What it did, said once it has stopped; null for nothing worth saying. */
    default String stopped() {
        return null;
    }

    /** Stops it; everything it took in is delivered or kept to be taken up again. */
    @Override
    void close();

    /** The machine refused what the settings ask; the message says what and where, in one line. */
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }

        public Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
