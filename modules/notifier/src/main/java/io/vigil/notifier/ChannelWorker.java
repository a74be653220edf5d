package io.vigil.notifier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Lifecycle;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Severity;
import io.vigil.notifier.channel.Channel;
import io.vigil.notifier.channel.DeliveryException;
import io.vigil.notifier.channel.Notice;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one channel's notices in order, retrying a failure with exponential backoff (on
 * the notifier's clock) until delivered or given up after {@code retry.attempts}; a notice
 * given up goes to the dead-letter topic and the other channels hear that this one is failing.
 * One notice the worker cannot handle at all is dead-lettered with the reason and the worker
 * goes on: a channel never dies of one alert.
 */
final class ChannelWorker extends Thread {

    private static final Logger log = LoggerFactory.getLogger(ChannelWorker.class);

    /** A notice to deliver, and what to run when it is delivered or given up. */
    record Job(Notice notice, Runnable done) {}

    /** The notifier's counters the worker adds to. */
    record Counters(AtomicLong failedAttempts, AtomicLong deadLettered, AtomicLong workerErrors) {}

    final Channel channel;
    final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final NotifierConfig config;
    private final Clock clock;
    private final BooleanSupplier running;
    private final AuditWriter audit;
    private final AlertMemory memory;
    private final Counters counters;
    private final Supplier<MeterRegistry> registry;
    /** Tells the other channels, when this one gives up, that it is failing. */
    private final Consumer<Notice> tellOthers;
    private int consecutiveGiveUps;
    volatile boolean failing;

    ChannelWorker(Channel channel, NotifierConfig config, Clock clock, BooleanSupplier running, AuditWriter audit,
                  AlertMemory memory, Counters counters, Supplier<MeterRegistry> registry, Consumer<Notice> tellOthers) {
        super("vigil-notifier-" + channel.name());
        setDaemon(true);
        this.channel = channel;
        this.config = config;
        this.clock = clock;
        this.running = running;
        this.audit = audit;
        this.memory = memory;
        this.counters = counters;
        this.registry = registry;
        this.tellOthers = tellOthers;
    }

    @Override
    public void run() {
        try {
            while (running.getAsBoolean() || !queue.isEmpty()) {
                Job job = queue.poll(100, TimeUnit.MILLISECONDS);
                if (job == null) continue;
                try {
                    deliver(job.notice());
                } catch (RuntimeException | Error e) {
                    crashed(job.notice(), e);
                }
                job.done().run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void crashed(Notice n, Throwable e) {
        counters.workerErrors().incrementAndGet();
        String why = "the notifier failed on this notice: " + e;
        log.error("notice dead-lettered after an error channel={} alert={} error={}", channel.name(),
                n.alert() == null ? "digest" : n.alert().id(), e.toString());
        for (Alert a : n.isDigest() ? n.digest() : List.of(n.alert())) {
            try {
                audit.deadLetter(a, why);
            } catch (RuntimeException again) {
                log.error("dead letter not written alert={} error={}", a.id(), again.toString());
            }
        }
    }

    private void deliver(Notice n) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                channel.deliver(n);
                consecutiveGiveUps = 0;
                failing = false;
                audit(n, attempt, NotificationAttempt.DELIVERED, null);
                return;
            } catch (DeliveryException | RuntimeException e) {
                counters.failedAttempts().incrementAndGet();
                failing = true;
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                audit(n, attempt, NotificationAttempt.FAILED, why);
                if (attempt >= config.maxAttempts()) {
                    giveUp(n, attempt, why);
                    return;
                }
                long backoff = Math.min(config.maxRetry().toMillis(), config.firstRetry().toMillis() << Math.min(20, attempt - 1));
                log.warn("delivery failed channel={} alert={} attempt={} retry_in_ms={} error={}", channel.name(),
                        n.alert() == null ? "digest" : n.alert().id(), attempt, backoff, why);
                waitFor(backoff);
            }
        }
    }

    /** Waits out a backoff on the notifier's clock; stopping with nothing else queued leaves the notice pending. */
    private void waitFor(long backoffMs) throws InterruptedException {
        long until = clock.millis() + backoffMs;
        while (clock.millis() < until) {
            if (!running.getAsBoolean() && queue.isEmpty() && clock.millis() + 50 < until) {
                // Stopping: leave it pending (uncommitted); the next start delivers it.
                throw new InterruptedException("stopping");
            }
            Thread.sleep(Math.min(50, Math.max(1, until - clock.millis())));
        }
    }

    private void audit(Notice n, int attempt, String outcome, String error) {
        if (n.isDigest()) {
            for (Alert a : n.digest()) {
                audit.write(audit.attempt(a, n.route(), channel.name(), Lifecycle.DIGEST.wire(), attempt, outcome, error));
            }
            return;
        }
        boolean delivered = NotificationAttempt.DELIVERED.equals(outcome);
        if (n.alert().type() == AlertType.CHANNEL_FAILING && delivered) return;
        NotificationAttempt a = audit.attempt(n.alert(), n.route(), channel.name(), n.event(), attempt, outcome, error);
        audit.write(a);
        if (delivered) memory.rememberDelivered(a.alertId(), a.channel(), a.alertVersion());
        MeterRegistry r = registry.get();
        if (r != null && delivered && Lifecycle.RAISED.is(n.event())) {
            Timer.builder("vigil.notifier.latency").tag("channel", channel.name())
                    .description("alert detected to notice delivered, for raised alerts")
                    .publishPercentiles(0.5, 0.99).register(r).record(Duration.ofMillis(a.latencyMs()));
        }
    }

    /** Dead-letters the notice and, once until the channel recovers, tells the other channels. */
    private void giveUp(Notice n, int attempts, String why) {
        counters.deadLettered().incrementAndGet();
        List<Alert> lost = n.isDigest() ? n.digest() : List.of(n.alert());
        for (Alert a : lost) {
            audit.deadLetter(a, "channel " + channel.name() + " failed " + attempts + " times: " + why);
            audit.write(audit.attempt(a, n.route(), channel.name(), n.event(), attempts, NotificationAttempt.DEAD_LETTERED, why));
        }
        log.error("channel failing, alert dead-lettered channel={} attempts={} error={}", channel.name(), attempts, why);
        if (n.alert() != null && n.alert().type() == AlertType.CHANNEL_FAILING) return;
        if (++consecutiveGiveUps > 1) return; // told once until it recovers
        Instant now = clock.instant();
        Alert failingAlert = new Alert(Alert.VERSION, UUID.nameUUIDFromBytes(("channel_failing|" + channel.name() + "|"
                + now.toEpochMilli() / 3_600_000).getBytes(StandardCharsets.UTF_8)).toString(), AlertType.CHANNEL_FAILING,
                Severity.HIGH, Alert.ACTIVE, lost.get(0).site(), channel.name(), null, List.of(), now, now, now, now, 1,
                attempts, null, "Notification channel " + channel.name() + " failed " + attempts + " attempts in a row ("
                + why + "); alerts for it are in the dead-letter topic until it is fixed.", Map.of("channel",
                channel.name(), "last_error", why), List.of());
        tellOthers.accept(Notice.of(Lifecycle.RAISED.wire(), failingAlert, "channel-health"));
    }
}
