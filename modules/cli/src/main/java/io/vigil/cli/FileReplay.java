package io.vigil.cli;

import io.vigil.collector.CaptureReplay;
import io.vigil.collector.CaptureStats;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.flow.AddressMapper;
import io.vigil.collector.flow.FlowRecordFactory;
import io.vigil.collector.flow.FlowSink;
import io.vigil.collector.flow.FlowStats;
import io.vigil.collector.flow.FlowTable;
import io.vigil.collector.flow.FlowTableConfig;
import io.vigil.model.CidrSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Capture files through the collector's flow table into a sink, with a progress bar: shared by analyze, flows and collector. */
final class FileReplay {

    /** What a replay read and made; {@code lastEventMs} is the newest packet time (or now when there was none). */
    record Replayed(CaptureReplay.Outcome outcome, FlowStats flows, CaptureStats capture, long lastEventMs) {}

    private FileReplay() {}

    static Replayed run(List<Path> files, String site, String collector, List<String> internal, FlowSink sink,
                        boolean quiet) throws CaptureInputException {
        return run(files, site, collector, internal, sink, quiet, CaptureReplay.Reader.JAVA);
    }

    static Replayed run(List<Path> files, String site, String collector, List<String> internal, FlowSink sink,
                        boolean quiet, CaptureReplay.Reader reader) throws CaptureInputException {
        FlowStats flows = new FlowStats();
        CaptureStats capture = new CaptureStats();
        FlowTable table = new FlowTable(FlowTableConfig.defaults(),
                new FlowRecordFactory(site, collector, CidrSet.of(internal), AddressMapper.IDENTITY), sink, flows);
        long total = 0;
        for (Path f : files) {
            try {
                total += Files.size(f);
            } catch (IOException e) {
                // checked again, with a proper message, when the file is opened
            }
        }
        CaptureReplay.Outcome outcome;
        try (Progress progress = Progress.bytes("reading", total, quiet)) {
            outcome = new CaptureReplay(table, capture, reader).stoppingWhen(STOPPING::get).run(files, bytes -> {
                progress.to(bytes);
                progress.message(String.format("%,d packets, %,d flows", capture.frames.get(), flows.flowsCreated.get()));
            });
        }
        long clock = table.clockNanos();
        long last = clock == Long.MIN_VALUE ? System.currentTimeMillis() : clock / 1_000_000;
        return new Replayed(outcome, flows, capture, last);
    }

    /** Blocks until the process is asked to stop (SIGINT/SIGTERM), for the long-running roles. */
    private static final java.util.concurrent.CountDownLatch CLOSED = new java.util.concurrent.CountDownLatch(1);

    /**
     * Returns when the JVM is asked to stop (SIGTERM, Ctrl-C), and holds the JVM's exit until
     * {@link #closed()}: without that the JVM halts as soon as the shutdown hooks return, while
     * the role is still flushing its producer, committing offsets or writing its spool.
     */
    static void awaitShutdown() throws InterruptedException {
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
    static void closed() {
        CLOSED.countDown();
    }

    /** Set when the running command is a role, which stops through {@link #awaitShutdown()}. */
    private static final java.util.concurrent.atomic.AtomicBoolean ROLE = new java.util.concurrent.atomic.AtomicBoolean();
    /** Set when the JVM was asked to stop (SIGTERM, Ctrl-C) before the command ended. */
    static final java.util.concurrent.atomic.AtomicBoolean STOPPING = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Lets an offline command (analyze, flows, demo, bench) be stopped cleanly: on SIGTERM or
     * Ctrl-C it is told to stop (the capture reader and the wait for the detector look; an
     * interrupt would make Kafka's clients and broker fail their own closing), it unwinds
     * through its finally blocks (which stop the embedded broker and delete its directory and
     * the detector's state), and the JVM waits up to 30 s for that. Before, a stopped analyze
     * left about 100 MB in /tmp.
     */
    static void stopOfflineOnSignal() {
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
