package io.vigil.detector.intel;

import io.vigil.detector.episode.Episodes;
import io.vigil.detector.spi.Thresholds;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Cidr;
import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import io.vigil.model.Indicator;
import io.vigil.model.Severity;
import io.vigil.runtime.config.Checks;
import io.vigil.runtime.config.Setting;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code threat_intel}: a site host's traffic with what an indicator lists — the outside
 * address of a connection, the server name its TLS ClientHello asked for, or a name the host
 * looked up (or a domain above either). One episode per
 * host and indicator. Severity starts from the source's confidence (75 and over high, 40 and
 * over medium, else low), one step up for an outbound connection that was answered (a live
 * channel to a listed peer), one down for a listed address that connected in and was answered,
 * two down for one that only knocked (reported only with {@code threat-intel.inbound: all}).
 * A lookup counts as the source says: the host meant to go there, whether or not it got there.
 */
public final class ThreatIntelDetector {

    /**
     * Traffic that a threat indicator lists: indicators below {@code minConfidence} (0–100) are
     * not matched; {@code inbound} says which connections from a listed address to the site raise
     * an alert ({@code none}, {@code established} — the default, since listed scanners knock on
     * every internet-facing service all day — or {@code all}); {@code ignore} lists indicator
     * values (addresses, blocks, domains and the names below them) never matched at the site.
     */
    public record Config(int minConfidence, String inbound, Set<String> ignore) {}

    private static final List<String> INBOUND = List.of("none", "established", "all");
    static final Thresholds.Key<Config, Integer> MIN_CONFIDENCE = Thresholds.key(Setting.number("min-confidence", 0,
            "indicators whose source is less sure than this (0–100) are not matched").check(Checks.between(0, 100)),
            Config::minConfidence);
    static final Thresholds.Key<Config, String> INBOUND_KEY = Thresholds.key(Setting.text("inbound", "established",
            "connections in from a listed address that raise an alert: none, established or all")
            .check(v -> INBOUND.contains(v) ? null : "'" + v + "' is not one of " + String.join(", ", INBOUND)),
            Config::inbound);
    static final Thresholds.Key<Config, Set<String>> IGNORE = Thresholds.key(Setting.set("ignore", Set.of(),
            "indicator values (addresses, blocks, domains and names below them) never matched here")
            .check(Checks.each(ThreatIntelDetector::notIndicator)), Config::ignore);
    public static final Thresholds.Group<Config> THRESHOLDS = Thresholds.Group.of("threat-intel",
            v -> new Config(v.get(MIN_CONFIDENCE), v.get(INBOUND_KEY), v.get(IGNORE)), MIN_CONFIDENCE, INBOUND_KEY, IGNORE);

    private static String notIndicator(String v) {
        try {
            Indicator.of(v, "ignore", 0, null, null, null, null, null);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** How the flow touched the indicator. */
    enum How {
        OUTBOUND("connection"), INBOUND("connection"), DNS("lookup"),
        /** An outbound TLS connection whose ClientHello named a listed server (SNI). */
        TLS("connection");

        final String word;

        How(String word) {
            this.word = word;
        }
    }

    private final IndicatorIndex index;
    private final Function<String, Indicator> indicators;
    private final Episodes episodes;
    private final Clock clock;

    /** @param indicators the indicator stored under a key (null when it has just been withdrawn) */
    ThreatIntelDetector(IndicatorIndex index, Function<String, Indicator> indicators, Episodes episodes, Clock clock) {
        this.index = index;
        this.indicators = indicators;
        this.episodes = episodes;
        this.clock = clock;
    }

    void flow(FlowRecord f, String host, Thresholds t) {
        boolean fromHost = host.equals(f.srcIp());
        if (f.direction() == null || f.direction().crossesEdge()) {
            String outside = fromHost ? f.dstIp() : f.srcIp();
            String key = index.matchAddress(outside);
            if (key != null) judge(f, host, key, outside, fromHost ? How.OUTBOUND : How.INBOUND, t, null);
        }
        if (fromHost && f.serverName() != null) {
            String key = index.matchDomain(f.serverName());
            if (key != null) judge(f, host, key, f.serverName(), How.TLS, t, null);
        }
        if (fromHost && f.dns() != null) {
            Set<String> judged = null; // one flow is one count per indicator, however many of its names match
            for (FlowRecord.DnsQuery q : f.dns().queries()) {
                String key = index.matchDomain(q.name());
                if (key == null) continue;
                if (judged == null) judged = new HashSet<>();
                if (judged.add(key)) judge(f, host, key, q.name().toLowerCase(Locale.ROOT), How.DNS, t, q.rcode());
            }
        }
    }

    /** @param rcode a lookup's answer code (null when unanswered, or for a connection) */
    private void judge(FlowRecord f, String host, String key, String matched, How how, Thresholds t, String rcode) {
        Indicator i = indicators.apply(key);
        Config ti = t.get(THRESHOLDS);
        if (i == null || i.confidence() < ti.minConfidence() || ignored(ti, i, matched, how)) return;
        if (i.validUntil() != null && i.validUntil().isBefore(clock.instant())) return; // its tombstone is on its way
        boolean answered = how == How.DNS ? rcode != null : answered(f);
        if (how == How.INBOUND && ("none".equals(ti.inbound()) || !answered && !"all".equals(ti.inbound()))) return;
        String entity = host + "|" + key;
        Alert open = episodes.current(AlertType.THREAT_INTEL, f.site(), entity);
        Map<String, Object> before = open == null ? Map.of() : open.evidence();
        long flows = 1 + number(before.get("flows"));
        long bytes = f.bytes() + number(before.get("bytes"));
        boolean everAnswered = answered || Boolean.TRUE.equals(before.get("answered"));
        // A lookup after a connection adds to the story, it does not retell it: the connection is the news.
        String seen = before.get("how") instanceof String x ? x : null;
        boolean keepStory = open != null && how == How.DNS && seen != null && seen.contains("connection");
        Map<String, Object> e = new LinkedHashMap<>();
        if (keepStory) {
            e.putAll(before);
        } else {
            e.put("indicator", key);
            e.put("matched", matched);
            if (how == How.DNS) {
                e.put("resolver", f.dstIp());
                e.put("rcode", rcode == null ? "none" : rcode);
            } else {
                e.put("direction", (how == How.INBOUND ? Direction.INBOUND : Direction.OUTBOUND).wire());
                e.put("port", f.dstPort()); // the service's: src is always the initiator
            }
            if (how == How.TLS) e.put("address", f.dstIp());
            e.put("source", i.source());
            e.put("confidence", i.confidence());
            if (i.reference() != null) e.put("reference", i.reference());
            if (i.description() != null) e.put("description", clip(i.description(), 300));
            if (i.validUntil() != null) e.put("valid_until", i.validUntil().toString());
        }
        e.put("how", seen == null || seen.contains(how.word) ? (seen == null ? how.word : seen) : seen + ", " + how.word);
        e.put("answered", everAnswered);
        e.put("flows", flows);
        e.put("bytes", bytes);
        String src = keepStory ? open.src() : how == How.INBOUND ? matched : host;
        String dst = keepStory ? open.dst() : how == How.INBOUND ? host : how == How.OUTBOUND ? matched : f.dstIp();
        Severity sev = severity(i.confidence(), how, answered);
        episodes.observe(entity, f.end(), new Episodes.Draft(AlertType.THREAT_INTEL, f.site(), src, dst, List.of(matched),
                f.start(), flows, bytes, null, sev, keepStory ? open.summary() : summary(host, matched, how, answered, i), e,
                i.attack()));
    }

    static Severity severity(int confidence, How how, boolean answered) {
        int base = confidence >= 75 ? Severity.HIGH.ordinal() : confidence >= 40 ? Severity.MEDIUM.ordinal() : Severity.LOW.ordinal();
        int level = switch (how) {
            case OUTBOUND, TLS -> answered ? base + 1 : base;
            case DNS -> base;
            case INBOUND -> answered ? base - 1 : base - 2;
        };
        return Severity.values()[Math.max(0, Math.min(Severity.CRITICAL.ordinal(), level))];
    }

    /**
     * The other side took part: a TCP handshake completed (or a connection picked up mid-stream
     * had traffic both ways; a half-open scan probe, SYN answered and reset, did not), or packets
     * came back.
     */
    static boolean answered(FlowRecord f) {
        if (f.isTcp()) {
            return "established".equals(f.tcpState())
                    || "partial".equals(f.tcpState()) && (f.tcpFlagsOut() & FlowRecord.SYN) == 0 && f.packetsIn() > 0;
        }
        return f.packetsOut() > 0 && f.packetsIn() > 0;
    }

    private static boolean ignored(Config ti, Indicator i, String matched, How how) {
        for (String x : ti.ignore()) {
            String v = x.trim().toLowerCase(Locale.ROOT);
            if (v.equals(i.value()) || v.equals(matched)) return true;
            if (how == How.DNS) {
                if (matched.endsWith("." + v)) return true;
            } else if (v.indexOf('/') > 0) {
                try {
                    if (Cidr.parse(v).contains(Cidr.parse(matched).network())) return true;
                } catch (IllegalArgumentException e) {
                    // an ignore entry of another kind
                }
            }
        }
        return false;
    }

    private static String summary(String host, String matched, How how, boolean answered, Indicator i) {
        String listed = i.source() + " lists " + (i.value().equals(matched) ? "it" : i.value()) + " (confidence "
                + i.confidence() + ")" + (i.description() == null ? "" : ": " + clip(i.description(), 200));
        return switch (how) {
            case OUTBOUND -> host + (answered ? " connected to " : " tried to connect to ") + matched + "; " + listed;
            case INBOUND -> matched + (answered ? " connected to " : " tried to connect to ") + host + "; " + listed;
            case DNS -> host + " looked up " + matched + "; " + listed;
            case TLS -> host + (answered ? " connected to " : " tried to connect to ") + matched + " over TLS; " + listed;
        };
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static String clip(String s, int max) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}
