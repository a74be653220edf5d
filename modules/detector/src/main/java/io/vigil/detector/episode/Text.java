package io.vigil.detector.episode;

/** How alert summaries write sizes and lengths of history. */
public final class Text {

    private Text() {}

    public static String mb(long bytes) {
        if (bytes >= 1L << 30) return String.format("%.1f GB", bytes / (double) (1L << 30));
        if (bytes >= 1L << 20) return String.format("%.0f MB", bytes / (double) (1L << 20));
        return String.format("%.0f KB", bytes / 1024.0);
    }

    public static String minutes(long n) {
        if (n >= 2880) return String.format("%.0f days", n / 1440.0);
        if (n >= 120) return String.format("%.0f hours", n / 60.0);
        return n + " minutes";
    }

    /** A duration in seconds as people say it: "2.5 s", "5 min", "2 h". */
    public static String period(double seconds) {
        if (seconds < 10) return String.format("%.1f s", seconds);
        if (seconds < 120) return String.format("%.0f s", seconds);
        if (seconds < 7200) return String.format("%.0f min", seconds / 60);
        return String.format("%.1f h", seconds / 3600);
    }
}
