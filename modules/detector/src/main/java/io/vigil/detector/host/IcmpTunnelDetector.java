package io.vigil.detector.host;

import io.vigil.detector.episode.Episodes;
import io.vigil.detector.episode.Text;
import io.vigil.detector.spi.Thresholds;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Attack;
import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import io.vigil.model.Severity;
import io.vigil.runtime.config.Checks;
import io.vigil.runtime.config.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code icmp_tunnel}: data carried in ICMP echo (ptunnel, icmpsh, hans, IP-over-ICMP). Ping
 * answers each request once with the request's own data and repeats one pattern of one size;
 * a tunnel answers with data of its own, answers more often than it is asked, or sends
 * changing data in volume. Judged on the facts the collector counts per echo flow piece
 * ({@link FlowRecord.IcmpFacts}); one episode per host and peer, whose evidence adds up every
 * piece of it. Pings, path-MTU probes and monitoring never reply with other data, so they
 * never count. A capture that sees only one way (asymmetric routing) is judged on the
 * changing data and volume alone.
 */
public record IcmpTunnelDetector(Episodes episodes) {

    /**
     * In one echo flow piece: at least {@code oddReplies} (4) replies that ping would not send
     * (answering no request seen, or with other data than the request's); or at least
     * {@code minBytes} (64 KiB) carried with {@code changedMessages} (16) messages whose data
     * changed or {@code sizes} (8) different packet sizes.
     */
    public record Config(int oddReplies, int changedMessages, int sizes, long minBytes) {}

    static final Thresholds.Key<Config, Integer> ODD_REPLIES = Thresholds.key(Setting.number("odd-replies", 4,
            "echo replies in a flow piece that answer no request or carry other data than the request's")
            .check(Checks.atLeast(1)), Config::oddReplies);
    static final Thresholds.Key<Config, Integer> CHANGED_MESSAGES = Thresholds.key(Setting.number("changed-messages",
            16, "echo messages in a flow piece whose data changed from the one before (with min-bytes)").check(Checks.atLeast(2)),
            Config::changedMessages);
    static final Thresholds.Key<Config, Integer> SIZES = Thresholds.key(Setting.number("sizes", 8,
            "different packet sizes in an echo flow piece (with min-bytes)")
            .check(Checks.between(2, FlowRecord.MAX_ICMP_SIZES)), Config::sizes);
    static final Thresholds.Key<Config, Long> MIN_BYTES = Thresholds.key(Setting.size("min-bytes", 64 * 1024,
            "bytes both ways in an echo flow piece before changing data or sizes count").check(Checks.positive()),
            Config::minBytes);
    public static final Thresholds.Group<Config> THRESHOLDS = Thresholds.Group.of("icmp-tunnel",
            v -> new Config(v.get(ODD_REPLIES), v.get(CHANGED_MESSAGES), v.get(SIZES), v.get(MIN_BYTES)),
            ODD_REPLIES, CHANGED_MESSAGES, SIZES, MIN_BYTES);

    /** The episode's totals, kept in its evidence. */
    private static final List<String> TOTALS = List.of("requests", "replies", "bytes_out", "bytes_in", "unpaired_replies",
            "mismatched_replies", "changed_messages", "flow_pieces");

    void flow(FlowRecord f, Thresholds t, String host) {
        FlowRecord.IcmpFacts icmp = f.icmp();
        Config c = t.get(THRESHOLDS);
        int odd = icmp.unpaired() + icmp.mismatched();
        // Replies can be paired only where the requests were seen too (routes may be asymmetric).
        boolean answers = f.packetsOut() > 0 && odd >= c.oddReplies();
        boolean carries = f.bytes() >= c.minBytes() && (icmp.changed() >= c.changedMessages() || icmp.sizes() >= c.sizes());
        if (!answers && !carries) return;
        String peer = host.equals(f.srcIp()) ? f.dstIp() : f.srcIp();
        String entity = host + "|" + peer;
        Alert open = episodes.current(AlertType.ICMP_TUNNEL, f.site(), entity);
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("peer", peer);
        ev.put("direction", Direction.wireOf(f.direction()));
        // A reply is unpaired only where the requests could have been seen.
        long unpaired = f.packetsOut() > 0 ? icmp.unpaired() : 0;
        long[] add = {f.packetsOut(), f.packetsIn(), f.bytesOut(), f.bytesIn(), unpaired, icmp.mismatched(),
                icmp.changed(), 1};
        for (int i = 0; i < TOTALS.size(); i++) {
            Object before = open == null ? null : open.evidence().get(TOTALS.get(i));
            ev.put(TOTALS.get(i), add[i] + (before instanceof Number n ? n.longValue() : 0));
        }
        Object sizes = open == null ? null : open.evidence().get("most_sizes");
        ev.put("most_sizes", Math.max(icmp.sizes(), sizes instanceof Number n ? n.intValue() : 0));
        long oddTotal = (long) ev.get("unpaired_replies") + (long) ev.get("mismatched_replies");
        long bytes = (long) ev.get("bytes_out") + (long) ev.get("bytes_in");
        // Judged on the episode so far: its odd replies, or the bytes it carried.
        boolean byReplies = oddTotal >= c.oddReplies();
        double observed = byReplies ? oddTotal : bytes;
        double threshold = byReplies ? c.oddReplies() : c.minBytes();
        ev.put("measure", byReplies ? "odd_replies" : "bytes");
        String why = oddTotal > 0
                ? String.format("%d of its echo replies answered no request or carried other data than the request's "
                        + "(ping returns the request's data once)", oddTotal)
                : String.format("its echo messages carried changing data (%d changed, up to %d sizes)",
                        (long) ev.get("changed_messages"), (int) ev.get("most_sizes"));
        String summary = String.format("%s exchanged %s with %s in ICMP echo, and %s: a tunnel over ICMP such as "
                + "ptunnel or icmpsh. Block ICMP echo with payloads to %s at the edge and examine the host.",
                host, Text.mb(bytes), peer, why, peer);
        Severity sev = bytes >= 10L << 20 ? Severity.CRITICAL : Severity.HIGH;
        episodes.observe(entity, f.end(), new Episodes.Draft(AlertType.ICMP_TUNNEL, f.site(), host, peer, List.of(peer),
                f.start(), observed / threshold, observed, new Alert.Baseline(threshold, 0, 0),
                sev, summary, ev, List.of(Attack.NON_APPLICATION_LAYER_PROTOCOL, Attack.PROTOCOL_TUNNELING)));
    }
}
