package io.vigil.notifier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** The notifier's meters: its counters, and per channel the queue depth and whether it is failing. */
final class NotifierMetrics {

    private NotifierMetrics() {}

    static void bind(MeterRegistry r, Notifier n, AtomicLong delivered, AtomicLong failedAttempts, AtomicLong invalid,
                     AtomicLong deadLettered, AtomicLong workerErrors, Collection<ChannelWorker> workers) {
        FunctionCounter.builder("vigil.notifier.alerts.delivered", delivered, AtomicLong::get)
                .description("alert records delivered to every channel they were routed to").register(r);
        FunctionCounter.builder("vigil.notifier.attempts.failed", failedAttempts, AtomicLong::get)
                .description("delivery attempts that failed (each is retried)").register(r);
        FunctionCounter.builder("vigil.notifier.records.invalid", invalid, AtomicLong::get)
                .description("records on the alerts topic that were not valid alerts (sent to the dead-letter topic)")
                .register(r);
        FunctionCounter.builder("vigil.notifier.dead.lettered", deadLettered, AtomicLong::get)
                .description("notices given up after the last attempt and written to the dead-letter topic").register(r);
        FunctionCounter.builder("vigil.notifier.worker.errors", workerErrors, AtomicLong::get)
                .description("notices a channel's worker failed on (dead-lettered; the worker went on)").register(r);
        Gauge.builder("vigil.notifier.down.reasons", n, x -> x.healthReasons().size())
                .description("why health is DOWN, counted (0 when it is not)").register(r);
        for (ChannelWorker w : workers) {
            Gauge.builder("vigil.notifier.queue", w.queue, BlockingQueue::size).tag("channel", w.channel.name())
                    .description("notices waiting for this channel").register(r);
            Gauge.builder("vigil.notifier.channel.failing", w, x -> x.failing ? 1 : 0).tag("channel", w.channel.name())
                    .description("1 while the channel's last attempt failed").register(r);
        }
    }

    static void bindDecisions(MeterRegistry r, AtomicLong suppressed, AtomicLong invalid, LongSupplier inForce) {
        FunctionCounter.builder("vigil.notifier.alerts.suppressed", suppressed, AtomicLong::get)
                .description("alert records a suppression held back (each is in the audit trail)").register(r);
        FunctionCounter.builder("vigil.notifier.decisions.invalid", invalid, AtomicLong::get)
                .description("suppression and triage records that could not be read (sent to the dead-letter topic)")
                .register(r);
        Gauge.builder("vigil.notifier.suppressions.in.force", inForce, s -> s.getAsLong())
                .description("suppressions in force now").register(r);
    }
}
