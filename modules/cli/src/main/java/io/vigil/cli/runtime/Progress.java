package io.vigil.cli.runtime;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr for long offline work (bytes of capture read, with rate and ETA).
 * Silent when stderr is not a terminal or with {@code --quiet}, so logs and pipes stay clean.
 */
public final class Progress implements AutoCloseable {

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    public static Progress bytes(String task, long total, boolean quiet) {
        if (quiet || !Terminal.stderr() || total < 4_000_000) return new Progress(null);
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUnit(" MB", 1_000_000).showSpeed().setUpdateIntervalMillis(200).build();
        return new Progress(bar);
    }

    /** A bar over {@code total} seconds of a timed run; null bar (silent) off a terminal. */
    public static Progress seconds(String task, long total) {
        if (!Terminal.stderr()) return new Progress(null);
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUnit(" s", 1).setUpdateIntervalMillis(1000).build());
    }

    public boolean shown() {
        return bar != null;
    }

    public void to(long n) {
        if (bar != null) bar.stepTo(n);
    }

    public void message(String m) {
        if (bar != null) bar.setExtraMessage(" " + m);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
