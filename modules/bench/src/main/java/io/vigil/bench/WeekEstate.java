package io.vigil.bench;

import io.vigil.model.FlowRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The estate of {@code bench week}: {@code hosts} internal hosts of which a twentieth are
 * replaced every day (new addresses come, old ones go quiet for good), busy on weekday working
 * hours, a quarter as busy at night and less at weekends. Flows as in {@link BenchEstate} —
 * visits to servers, browsing (mostly to popular peers, one in ten to a peer new that day), DNS,
 * refused probes — and, each day, one port scan (10:00 + day minutes, from {@link #scanner}) and
 * one beacon (every five minutes from 12:00 to 16:00, {@link #beaconHost} to {@link #beaconPeer}),
 * which the detector must raise.
 */
final class WeekEstate {

    static final long DAY = 86_400_000L;
    static final String SITE = "week";

    private final int hosts;
    private final int churn;
    private final long t0;

    /** @param t0 midnight UTC of the first day, a Monday */
    WeekEstate(int hosts, long t0) {
        this.hosts = hosts;
        this.churn = Math.max(1, hosts / 20);
        this.t0 = t0;
    }

    static String scanner(int day) {
        return "192.0.2." + (1 + day);
    }

    String beaconHost(int day) {
        return BenchEstate.host(first(day) + 7);
    }

    static String beaconPeer(int day) {
        return "198.18." + day + ".10";
    }

    /** The first host id active on {@code day}: ids {@code [first, first + hosts)} are. */
    private int first(int day) {
        return day * churn;
    }

    /** Weekdays full, weekends 40 %; within a day a working-hours hump over a quarter-height floor. */
    static double weight(int day, int minute) {
        double hour = minute / 60.0;
        double hump = hour >= 7 && hour <= 19 ? Math.sin(Math.PI * (hour - 7) / 12) : 0;
        return (day % 7 >= 5 ? 0.4 : 1.0) * (0.25 + 0.75 * hump);
    }

    /** Day {@code day}'s flows in time order, about {@code perWeekday} on a weekday; returns how many. */
    long day(int day, long perWeekday, Random r, Consumer<FlowRecord> out) {
        double total = 0;
        for (int m = 0; m < 1440; m++) total += weight(0, m);
        List<FlowRecord> attacks = attacks(day, r);
        int a = 0;
        long n = 0;
        List<FlowRecord> minute = new ArrayList<>();
        for (int m = 0; m < 1440; m++) {
            long start = t0 + day * DAY + m * 60_000L;
            int count = (int) Math.round(perWeekday * weight(day, m) / total);
            for (int i = 0; i < count; i++) minute.add(flow(day, r, start + (long) i * 60_000 / count, n + i));
            while (a < attacks.size() && attacks.get(a).end() < start + 60_000) minute.add(attacks.get(a++));
            minute.sort(Comparator.comparingLong(FlowRecord::end));
            minute.forEach(out);
            n += minute.size();
            minute.clear();
        }
        return n;
    }

    private FlowRecord flow(int day, Random r, long t, long i) {
        int kind = r.nextInt(100);
        String host = BenchEstate.host(first(day) + r.nextInt(hosts));
        FlowRecord.Builder b = BenchEstate.base(SITE, "week", day + "-" + i, t - r.nextInt(2000), t);
        String server = BenchEstate.host(first(day) + 40 * r.nextInt(hosts / 40));
        if (kind < 40) {
            BenchEstate.visit(b, "203.0.113." + (1 + r.nextInt(254)), 1024 + r.nextInt(60000), server);
        } else if (kind < 80) {
            String peer = r.nextInt(10) == 0 ? "198.19." + (day * 7 + r.nextInt(7)) + "." + r.nextInt(256)
                    : "198.51.100." + (1 + r.nextInt(254));
            BenchEstate.browse(b, host, 1024 + r.nextInt(60000), peer);
        } else if (kind < 98) {
            BenchEstate.lookup(b, host, 1024 + r.nextInt(60000), r.nextInt(5000));
        } else {
            BenchEstate.refused(b, "198.51.100." + (1 + r.nextInt(20)), server, 1 + r.nextInt(1024));
        }
        return b.build();
    }

    /** The day's scan (300 refused ports of a server in 0.3 s) and beacon (48 check-ins, 5 min ± 3 s apart). */
    private List<FlowRecord> attacks(int day, Random r) {
        List<FlowRecord> out = new ArrayList<>();
        long scanAt = t0 + day * DAY + 10 * 3_600_000L + day * 60_000L;
        String target = BenchEstate.host(first(day) + 40);
        for (int port = 1; port <= 300; port++) {
            out.add(BenchEstate.refused(BenchEstate.base(SITE, "week", "scan-" + day + "-" + port, scanAt + port,
                    scanAt + port + 1), scanner(day), target, port).build());
        }
        long beaconAt = t0 + day * DAY + 12 * 3_600_000L;
        for (int k = 0; k < 48; k++) {
            long t = beaconAt + k * 300_000L + r.nextInt(6_000) - 3_000;
            // a check-in: smaller than browsing, and TLS 1.2
            out.add(BenchEstate.browse(BenchEstate.base(SITE, "week", "beacon-" + day + "-" + k, t, t + 400),
                    beaconHost(day), 50000 + k, beaconPeer(day)).out(6, 700).in(5, 900).tlsVersion("1.2").build());
        }
        out.sort(Comparator.comparingLong(FlowRecord::end));
        return out;
    }
}
