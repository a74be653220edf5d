package io.vigil.collector.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Flow table settings. The defaults, and why:
 * <ul>
 * <li>{@code activeTimeout} 60 s: a long flow is exported in one-minute pieces, so an
 *     exfiltration in progress shows within a minute, not when the transfer ends (NetFlow's
 *     usual 30 min is for billing, not detection).</li>
 * <li>{@code tcpIdle} 300 s: Zeek's TCP inactivity timeout; an idle SSH session survives.</li>
 * <li>{@code tcpHandshake} 5 s: a SYN nobody answers, or a handshake nobody completes, ends
 *     here, so a scan of filtered ports reaches the detector within seconds. Linux
 *     retransmits a SYN after 1 s and 3 s, which stay in the same flow.</li>
 * <li>{@code tcpClosed} 2 s: after a RST or FINs both ways, stray ACKs and retransmissions
 *     still join the flow instead of opening a fake new one.</li>
 * <li>{@code udpIdle} 60 s and {@code icmpIdle} 30 s (Zeek: 1 min); {@code dnsIdle} 10 s,
 *     because a DNS exchange is over once answered.</li>
 * <li>{@code dnsActive} 10 s: a DNS socket that keeps asking (a tunnel's, which asks hundreds
 *     of names on one socket) is exported in ten-second pieces, so the detector sees the
 *     names within seconds rather than at the minute's end.</li>
 * <li>{@code maxFlows} 500 000: about 125 MB of heap at full table (245 bytes a flow, measured with {@code vigil bench flow-table}); when full the least
 *     recently seen flow is exported with {@code end_reason=evicted} and counted.</li>
 * </ul>
 */
public record FlowTableConfig(
        Duration activeTimeout,
        Duration tcpIdle,
        Duration tcpHandshake,
        Duration tcpClosed,
        Duration udpIdle,
        Duration dnsIdle,
        Duration dnsActive,
        Duration icmpIdle,
        Duration otherIdle,
        int maxFlows) {

    public static FlowTableConfig defaults() {
        return new FlowTableConfig(Duration.ofSeconds(60), Duration.ofSeconds(300), Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 500_000);
    }

    public FlowTableConfig withMaxFlows(int n) {
        return new FlowTableConfig(activeTimeout, tcpIdle, tcpHandshake, tcpClosed, udpIdle, dnsIdle, dnsActive, icmpIdle,
                otherIdle, n);
    }

    public FlowTableConfig withActiveTimeout(Duration d) {
        return new FlowTableConfig(d, tcpIdle, tcpHandshake, tcpClosed, udpIdle, dnsIdle, dnsActive, icmpIdle, otherIdle, maxFlows);
    }

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        check(p, "active-timeout", activeTimeout);
        check(p, "tcp-idle", tcpIdle);
        check(p, "tcp-handshake", tcpHandshake);
        check(p, "tcp-closed", tcpClosed);
        check(p, "udp-idle", udpIdle);
        check(p, "dns-idle", dnsIdle);
        check(p, "dns-active", dnsActive);
        check(p, "icmp-idle", icmpIdle);
        check(p, "other-idle", otherIdle);
        if (maxFlows < 1) p.add("max-flows must be at least 1, got " + maxFlows);
        return p;
    }

    private static void check(List<String> p, String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) p.add(name + " must be a positive duration, got " + d);
    }

    long minIdleNanos() {
        long m = Long.MAX_VALUE;
        for (Duration d : List.of(tcpIdle, tcpHandshake, tcpClosed, udpIdle, dnsIdle, icmpIdle, otherIdle)) {
            m = Math.min(m, d.toNanos());
        }
        return m;
    }
}
