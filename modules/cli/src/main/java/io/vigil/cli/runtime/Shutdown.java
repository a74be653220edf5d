package io.vigil.cli.runtime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * How a command stops: a role waits for SIGTERM (or Ctrl-C) and holds the JVM's exit until it
 * has closed everything; an offline command is told to stop and unwinds through its finally
 * blocks, removing its temporary broker and state.
 */
public final class Shutdown {

    private Shutdown() {}

    /** Counted down when the command has closed everything it opened. */
    private static final CountDownLatch CLOSED = new CountDownLatch(1);
    /** Set when the running command is a role, which stops through {@link #awaitShutdown()}. */
    private static final AtomicBoolean ROLE = new AtomicBoolean();
    /** Set when the JVM was asked to stop (SIGTERM, Ctrl-C) before the command ended. */
    public static final AtomicBoolean STOPPING = new AtomicBoolean();

    /**
     * Returns when the JVM is asked to stop (SIGTERM, Ctrl-C), and holds the JVM's exit until
     * {@link #closed()}: without that the JVM halts as soon as the shutdown hooks return, while
     * the role is still flushing its producer, committing offsets or writing its spool.
     */
    public static void awaitShutdown() throws InterruptedException {
        ROLE.set(true);
        CountDownLatch stop = new CountDownLatch(1);
        hook("vigil-shutdown", 60, "still closing", () -> {
            stop.countDown();
            return true;
        });
        stop.await();
    }

    /** The command has closed everything it opened. */
    public static void closed() {
        CLOSED.countDown();
    }

    /**
     * Lets an offline command (analyze, flows, demo, bench) be stopped cleanly: on SIGTERM or
     * Ctrl-C it is told to stop (the capture reader and the wait for the detector look; an
     * interrupt would make Kafka's clients and broker fail their own closing), it unwinds
     * through its finally blocks (which stop the embedded broker and delete its directory and
     * the detector's state), and the JVM waits up to 30 s for that. Before, a stopped analyze
     * left about 100 MB in /tmp.
     */
    public static void stopOfflineOnSignal() {
        hook("vigil-stop-offline", 30, "still stopping", () -> {
            // a role stops itself; a finished command has nothing to undo
            if (ROLE.get() || CLOSED.getCount() == 0) return false;
            STOPPING.set(true);
            return true;
        });
    }

    /** A shutdown hook that does {@code first} and, if it says so, holds the exit until {@link #closed()} or {@code seconds}. */
    private static void hook(String name, int seconds, String late, BooleanSupplier first) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!first.getAsBoolean()) return;
            try {
                if (!CLOSED.await(seconds, TimeUnit.SECONDS)) {
                    System.err.println("vigil: " + late + " after " + seconds + " s; exiting anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name));
    }
}
