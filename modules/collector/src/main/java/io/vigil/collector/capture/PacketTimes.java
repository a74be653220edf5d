package io.vigil.collector.capture;

import java.time.DateTimeException;
import java.time.Instant;

/**
 * Which packet times a capture may hold. A capture's dates are not judged by the calendar: a
 * 1999 evaluation set is analysed as today's capture is. Event time is Vigil's only clock, so
 * what would move every window and every baseline is damage: a time of zero (or before 1970: a
 * clock never set, or a reader taking 2106 for 1969), a packet a day before the packets already
 * read or a year after them (a clock that jumped), and one after tomorrow (2106, or 2033 while
 * it is 2026: brokers refuse records stamped far ahead). The capture is read up to it and the
 * file, byte and reason are named, as for any other damage.
 */
public final class PacketTimes {

    static final long DAY_NANOS = 86_400L * 1_000_000_000L;
    static final long YEAR_NANOS = 365 * DAY_NANOS;

    private final long latestNanos;
    private long newest = Long.MIN_VALUE;

    /** Times up to a day past {@code nowMillis} are accepted (captures from a gateway in another zone, clock skew). */
    public PacketTimes(long nowMillis) {
        this.latestNanos = Math.multiplyExact(nowMillis, 1_000_000L) + DAY_NANOS;
    }

    public static PacketTimes now() {
        return new PacketTimes(System.currentTimeMillis());
    }

    /** Why {@code tsNanos} cannot be this capture's next packet time, or null when it can. */
    public String check(long tsNanos) {
        if (tsNanos <= 0) return "packet dated " + date(tsNanos) + ", a time of zero or before 1970 (a clock that was never set?)";
        if (tsNanos > latestNanos) return "packet dated " + date(tsNanos) + ", in the future";
        if (newest != Long.MIN_VALUE && tsNanos < newest - DAY_NANOS) {
            return "packet dated " + date(tsNanos) + ", more than a day before the packets already read (" + date(newest) + ")";
        }
        if (newest != Long.MIN_VALUE && tsNanos > newest + YEAR_NANOS) {
            return "packet dated " + date(tsNanos) + ", more than a year after the packets already read (" + date(newest) + ")";
        }
        if (tsNanos > newest) newest = tsNanos;
        return null;
    }

    private static String date(long nanos) {
        try {
            return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L)).toString();
        } catch (DateTimeException e) {
            return nanos + " ns";
        }
    }
}
