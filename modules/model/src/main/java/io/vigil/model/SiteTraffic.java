package io.vigil.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What crossed a site's internet edge in one minute of event time, written by the detector's
 * site stage to {@code vigil.traffic.v1} (keyed by site) when the minute closes: bytes from
 * internal hosts to the internet ({@code sentBytes}), bytes from the internet to internal
 * hosts ({@code receivedBytes}), and connections internal hosts opened. The weekly report
 * draws bandwidth and its peaks from these.
 */
public record SiteTraffic(int v, String site, Instant minute, long sentBytes, long receivedBytes, long connections,
                          Tls tls) {

    public static final int VERSION = 1;

    /** A minute without the protection figures (written before they were counted). */
    public SiteTraffic(int v, String site, Instant minute, long sentBytes, long receivedBytes, long connections) {
        this(v, site, minute, sentBytes, receivedBytes, connections, null);
    }

    /**
     * Connections that crossed the edge in the minute (either side opening), by how they were
     * protected, for the weekly report's TLS scorecard (Internet First: TLS 1.2+ on everything
     * crossing the internet): a TLS 1.3 or 1.2 handshake seen, an older one (SSL 3.0, TLS 1.0,
     * 1.1), or a protocol that carries its content readable (HTTP, FTP, telnet, POP3, IMAP,
     * SMTP without STARTTLS seen). Others (DNS, NTP, SSH, unknown) are not counted.
     */
    public record Tls(long tls13, long tls12, long older, long cleartext) {

        private static final Set<String> CLEARTEXT = Set.of("http", "ftp", "telnet", "pop3", "imap", "smtp");

        /** The slot (0 TLS 1.3, 1 TLS 1.2, 2 older, 3 cleartext) a flow counts in, or -1. */
        public static int slot(String tlsVersion, String appProto) {
            if (tlsVersion != null) {
                switch (tlsVersion) {
                    case "1.3": return 0;
                    case "1.2": return 1;
                    default: return 2;
                }
            }
            return appProto != null && CLEARTEXT.contains(appProto) ? 3 : -1;
        }

        /** Four counts from {@code v[at..at+3]}; absent (an older layout) reads as zeros. */
        public static Tls of(long[] v, int at) {
            return v.length < at + 4 ? new Tls(0, 0, 0, 0) : new Tls(v[at], v[at + 1], v[at + 2], v[at + 3]);
        }

        public long total() {
            return tls13 + tls12 + older + cleartext;
        }

        public Tls plus(Tls o) {
            return o == null ? this : new Tls(tls13 + o.tls13, tls12 + o.tls12, older + o.older, cleartext + o.cleartext);
        }
    }

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (v != VERSION) p.add("unsupported version v=" + v);
        if (site == null || site.isBlank()) p.add("site is missing");
        if (minute == null) p.add("minute is missing");
        if (sentBytes < 0 || receivedBytes < 0 || connections < 0) p.add("counts must not be negative");
        if (tls != null && (tls.tls13 < 0 || tls.tls12 < 0 || tls.older < 0 || tls.cleartext < 0)) {
            p.add("tls counts must not be negative");
        }
        return p;
    }
}
