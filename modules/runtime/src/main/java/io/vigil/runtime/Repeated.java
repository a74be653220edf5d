package io.vigil.runtime;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task a scheduler runs again and again (a heartbeat, a watchdog), made to survive whatever
 * one run throws. A {@link java.util.concurrent.ScheduledExecutorService} stops repeating a
 * task the first time it throws, an {@link Error} included, and says nothing: the heartbeat or
 * the watchdog would be gone while everything looked well. Here each failure is logged and
 * counted ({@link #failures()}, for a metric) and the next run comes as planned.
 */
public final class Repeated implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Repeated.class);

    private final String what;
    private final Runnable task;
    private final AtomicLong failures = new AtomicLong();

    /** @param what what the task is, as the log says it ("heartbeat") */
    public Repeated(String what, Runnable task) {
        this.what = what;
        this.task = task;
    }

    @Override
    public void run() {
        try {
            task.run();
        } catch (Throwable e) {
            failures.incrementAndGet();
            log.warn("{} failed; tried again at its next time error={}", what, e.toString());
        }
    }

    /** Runs that failed so far. */
    public long failures() {
        return failures.get();
    }
}
