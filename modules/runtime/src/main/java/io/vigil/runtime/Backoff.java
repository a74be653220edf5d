package io.vigil.runtime;

/**
 * Waiting between tries of something that failed (a consumer that lost its broker, a spool
 * that cannot send): a pause that doubles up to a ceiling, and a sleep that keeps an interrupt
 * for the caller's loop to see rather than throwing it.
 */
public final class Backoff {

    private final long first;
    private final long most;
    private long next;

    /** Pauses from {@code firstMs}, doubling, to at most {@code mostMs}. */
    public Backoff(long firstMs, long mostMs) {
        this.first = firstMs;
        this.most = mostMs;
        this.next = firstMs;
    }

    /** The pause to take now; the one after is twice as long, up to the ceiling. */
    public long next() {
        long now = next;
        next = Math.min(most, next * 2);
        return now;
    }

    /** It worked: the next failure starts from the first pause again. */
    public void reset() {
        next = first;
    }

    /** Sleeps {@code ms}; an interrupt ends the sleep and stays set on the thread. */
    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
