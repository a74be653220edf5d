package io.vigil.cli.runtime;

/**
 * How a command stops: a role waits for SIGTERM (or Ctrl-C) and holds the JVM's exit until it
 * has closed everything; an offline command is told to stop and unwinds through its finally
 * blocks, removing its temporary broker and state.
 */
public final class Shutdown {

    private Shutdown() {}

    /** Counted down when the command has closed everything it opened. */
    private static final java.util.concurrent.CountDownLatch CLOSED = new java.util.concurrent.CountDownLatch(1);

    /**
     * Returns when the JVM is asked to stop (SIGTERM, Ctrl-C), and holds the JVM's exit until
     * {@link #closed()}: without that the JVM halts as soon as the shutdown hooks return, while
     * the role is still flushing its producer, committing offsets or writing its spool.
     */
    public static void awaitShutdown() throws InterruptedException {
        ROLE.set(true);
        java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                if (!CLOSED.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    System.err.println("vigil: still closing after 60 s; exiting anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vigil-shutdown"));
        stop.await();
    }

    /** The command has closed everything it opened. */
    public static void closed() {
        CLOSED.countDown();
    }

    /** Set when the running command is a role, which stops through {@link #awaitShutdown()}. */
    private static final java.util.concurrent.atomic.AtomicBoolean ROLE = new java.util.concurrent.atomic.AtomicBoolean();
    /** Set when the JVM was asked to stop (SIGTERM, Ctrl-C) before the command ended. */
    public static final java.util.concurrent.atomic.AtomicBoolean STOPPING = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Lets an offline command (analyze, flows, demo, bench) be stopped cleanly: on SIGTERM or
     * Ctrl-C it is told to stop (the capture reader and the wait for the detector look; an
     * interrupt would make Kafka's clients and broker fail their own closing), it unwinds
     * through its finally blocks (which stop the embedded broker and delete its directory and
     * the detector's state), and the JVM waits up to 30 s for that. Before, a stopped analyze
     * left about 100 MB in /tmp.
     */
    public static void stopOfflineOnSignal() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (ROLE.get() || CLOSED.getCount() == 0) return; // a role stops itself; a finished command has nothing to undo
            STOPPING.set(true);
            try {
                if (!CLOSED.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    System.err.println("vigil: still stopping after 30 s; exiting anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vigil-stop-offline"));
    }
}
