package io.vigil.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * How far a Streams application has committed on its input topic, sampled every 200 ms, so a
 * benchmark can give the rate of its second half apart from its first: the JIT is still
 * compiling the broker's, the clients' and the topology's code for a minute after start
 * (a quarter of the two cores 20–45 s into a run), which a detector that runs for weeks pays once.
 */
final class GroupProgress implements AutoCloseable {

    private record Sample(long nanos, long committed) {}

    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;

    private GroupProgress(Map<String, Object> clientProps, String group, String topic) {
        thread = new Thread(() -> {
            try (Admin admin = Admin.create(clientProps)) {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        long c = 0;
                        for (var e : admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()) {
                            if (e.getKey().topic().equals(topic) && e.getValue() != null) c += e.getValue().offset();
                        }
                        synchronized (samples) {
                            samples.add(new Sample(System.nanoTime(), c));
                        }
                    } catch (java.util.concurrent.ExecutionException e) {
                        // the group is not there yet, or the broker is busy: the next sample tries again
                    }
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-progress");
        thread.setDaemon(true);
    }

    /** Samples {@code group}'s committed offsets on {@code topic} until closed. */
    static GroupProgress watch(Map<String, Object> clientProps, String group, String topic) {
        GroupProgress p = new GroupProgress(clientProps, group, topic);
        p.thread.start();
        return p;
    }

    /**
     * Records a second from the first sample at or past {@code from} of {@code total} to the first at
     * or past {@code to} of it; 0 when the samples do not span both.
     */
    double rate(double from, double to, long total) {
        synchronized (samples) {
            // the first quarter starts at the first sample, before anything is committed
            Sample a = from == 0 && !samples.isEmpty() ? samples.get(0) : first(from * total), b = first(to * total);
            if (a == null || b == null || b.nanos <= a.nanos) return 0;
            return (b.committed - a.committed) / ((b.nanos - a.nanos) / 1e9);
        }
    }

    /** Records a second over each quarter of {@code total}, e.g. "41 000 / 88 000 / 109 000 / 112 000". */
    String quarters(long total) {
        StringBuilder b = new StringBuilder();
        for (int q = 0; q < 4; q++) {
            b.append(q == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%,.0f", rate(q / 4.0, (q + 1) / 4.0, total)));
        }
        return b.toString();
    }

    private Sample first(double atLeast) {
        for (Sample s : samples) if (s.committed >= atLeast) return s;
        return null;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
