package io.vigil.collector.flow;

import io.vigil.model.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands flow records to another sink on a thread of its own, in batches, so serialising
 * and writing them runs beside the capture thread instead of in it (on two cores this is
 * most of the gain in {@code vigil flows}). Order is kept. The queue is bounded: when the
 * writer falls behind, the capture thread waits rather than letting memory grow.
 */
public final class AsyncFlowSink implements FlowSink, AutoCloseable {

    private static final int BATCH = 512;
    private static final List<FlowRecord> FLUSH = new ArrayList<>();
    private static final List<FlowRecord> END = new ArrayList<>();

    private final FlowSink target;
    private final BlockingQueue<List<FlowRecord>> queue = new ArrayBlockingQueue<>(64);
    private final Thread thread;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Object flushed = new Object();
    private long flushRequests;
    private long flushesDone;
    private List<FlowRecord> batch = new ArrayList<>(BATCH);

    public AsyncFlowSink(FlowSink target, String name) {
        this.target = target;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void accept(FlowRecord record) {
        batch.add(record);
        if (batch.size() >= BATCH) handOver();
    }

    private void handOver() {
        rethrow();
        put(batch);
        batch = new ArrayList<>(BATCH);
    }

    /** Waits until everything accepted so far has reached the target. */
    public void flush() {
        if (!batch.isEmpty()) handOver();
        long ticket;
        synchronized (flushed) {
            ticket = ++flushRequests;
        }
        put(FLUSH);
        synchronized (flushed) {
            while (flushesDone < ticket && thread.isAlive()) {
                try {
                    flushed.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        rethrow();
    }

    private void put(List<FlowRecord> b) {
        try {
            // not put(): with the target's thread gone the queue would stay full and the caller wait for ever
            while (!queue.offer(b, 100, TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive()) {
                    rethrow();
                    throw new IllegalStateException("the flow sink's thread has stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing over flow records", e);
        }
    }

    private void run() {
        try {
            while (true) {
                List<FlowRecord> b = queue.take();
                if (b == END) return;
                if (b == FLUSH) {
                    synchronized (flushed) {
                        flushesDone++;
                        flushed.notifyAll();
                    }
                    continue;
                }
                for (FlowRecord r : b) target.accept(r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            // an Error too: the capture thread must hear of it, not block on a queue nobody empties
            failure.set(e instanceof RuntimeException r ? r : new IllegalStateException("flow sink stopped: " + e, e));
            synchronized (flushed) {
                flushed.notifyAll();
            }
        }
    }

    private void rethrow() {
        RuntimeException e = failure.get();
        if (e != null) throw e;
    }

    @Override
    public void close() {
        flush();
        put(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
