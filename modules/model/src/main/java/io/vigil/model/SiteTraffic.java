package io.vigil.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What crossed a site's internet edge in one minute of event time, written by the detector's
 * site stage to {@code vigil.traffic.v1} (keyed by site) when the minute closes: bytes from
 * internal hosts to the internet ({@code sentBytes}), bytes from the internet to internal
 * hosts ({@code receivedBytes}), and connections internal hosts opened. The weekly report
 * draws bandwidth and its peaks from these.
 */
public record SiteTraffic(int v, String site, Instant minute, long sentBytes, long receivedBytes, long connections) {

    public static final int VERSION = 1;

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (v != VERSION) p.add("unsupported version v=" + v);
        if (site == null || site.isBlank()) p.add("site is missing");
        if (minute == null) p.add("minute is missing");
        if (sentBytes < 0 || receivedBytes < 0 || connections < 0) p.add("counts must not be negative");
        return p;
    }
}
