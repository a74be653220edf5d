package io.vigil.collector.evidence;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A file written by the ring's writer thread, not the capture thread: each chunk the pcap
 * writer drains (whole records only) is copied and handed over; with {@link #CHUNKS} chunks in
 * flight the next is dropped whole and counted — the file stays valid, the capture never
 * waits. A failed write is said at the next hand-off, flush or close.
 */
final class HandOff extends OutputStream {

    static final int CHUNKS = 16;

    private final OutputStream file;
    private final ExecutorService writer;
    private final Semaphore inFlight = new Semaphore(CHUNKS);
    private final AtomicLong droppedBytes;
    private final AtomicReference<IOException> failure = new AtomicReference<>();

    HandOff(OutputStream file, ExecutorService writer, AtomicLong droppedBytes) {
        this.file = file;
        this.writer = writer;
        this.droppedBytes = droppedBytes;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        rethrow();
        if (!inFlight.tryAcquire()) {
            droppedBytes.addAndGet(len); // the disk is behind: lose these records, not the capture's pace
            return;
        }
        byte[] chunk = java.util.Arrays.copyOfRange(b, off, off + len);
        writer.execute(() -> {
            try {
                file.write(chunk);
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            } finally {
                inFlight.release();
            }
        });
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /** Waits until everything handed over is in the file. */
    @Override
    public void flush() throws IOException {
        Future<?> done = writer.submit(() -> {
            try {
                file.flush();
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            }
        });
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the ring wrote");
        } catch (ExecutionException e) {
            throw new IOException("the ring's writer failed", e.getCause());
        }
        rethrow();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            file.close();
        }
    }

    private void rethrow() throws IOException {
        IOException e = failure.getAndSet(null);
        if (e != null) throw e;
    }
}
