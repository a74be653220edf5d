package io.vigil.console.view;

import io.vigil.model.Heartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What each collector said of itself, a sample a minute for the last day: so an alert's page
 * can say whether the collector of its site was healthy when it fired (dropping packets,
 * spooling, silent). The view's lock guards it.
 */
final class Heartbeats {

    static final Duration KEPT = Duration.ofHours(24);

    private final Map<String, Deque<Heartbeat>> byCollector = new HashMap<>();

    void add(Heartbeat h) {
        Deque<Heartbeat> d = byCollector.computeIfAbsent(h.collector(), k -> new ArrayDeque<>());
        Heartbeat last = d.peekLast();
        if (last != null && h.wallTime() - last.wallTime() < 60_000 && d.size() > 1) d.pollLast(); // a minute's latest
        d.addLast(h);
        while (!d.isEmpty() && d.peekFirst().wallTime() < h.wallTime() - KEPT.toMillis()) d.pollFirst();
    }

    /** Each collector of {@code site} as it last spoke at or before {@code at}, with its packet rate then. */
    List<CollectorState> at(String site, Instant at) {
        List<CollectorState> out = new ArrayList<>();
        for (Deque<Heartbeat> d : byCollector.values()) {
            Heartbeat before = null, found = null;
            for (Iterator<Heartbeat> it = d.iterator(); it.hasNext(); ) {
                Heartbeat h = it.next();
                if (!site.equals(h.site())) break;
                if (h.wallTime() > at.toEpochMilli() + 5_000) break;
                before = found;
                found = h;
            }
            if (found == null) continue;
            double rate = before == null || found.wallTime() <= before.wallTime() ? Double.NaN
                    : (found.packets() - before.packets()) * 1000.0 / (found.wallTime() - before.wallTime());
            out.add(new CollectorState(found.collector(), found.site(), Instant.ofEpochMilli(found.wallTime()), rate, found.drops(),
                    found.spoolDepth(), found.malformed()));
        }
        return out;
    }
}
