package io.vigil.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A repeated task goes on after a run that threw, Errors included, and counts what failed. */
class RepeatedTest {

    @Test
    void aTaskThatThrowsAnErrorIsRunAgainAndTheFailuresAreCounted() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Runnable flaky = () -> {
            int n = runs.incrementAndGet();
            if (n == 1) throw new IllegalStateException("broker away");
            if (n == 2) throw new OutOfMemoryError("one large allocation");
        };
        Repeated repeated = new Repeated("test task", flaky);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.scheduleAtFixedRate(repeated, 0, 10, TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (runs.get() < 5 && System.nanoTime() < deadline) Thread.sleep(10);
        } finally {
            timer.shutdownNow();
        }
        assertThat(runs.get()).isGreaterThanOrEqualTo(5);
        assertThat(repeated.failures()).isEqualTo(2);
    }

    @Test
    void withoutItTheSchedulerStopsTheTaskAtItsFirstErrorAndSaysNothing() throws Exception {
        // why Repeated exists: the same task scheduled bare runs once
        AtomicInteger runs = new AtomicInteger();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.scheduleAtFixedRate(() -> {
                runs.incrementAndGet();
                throw new StackOverflowError();
            }, 0, 10, TimeUnit.MILLISECONDS);
            Thread.sleep(300);
        } finally {
            timer.shutdownNow();
        }
        assertThat(runs.get()).isEqualTo(1);
    }
}
