package io.vigil.detector.scan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Port scan settings. Defaults follow Zeek's scan policy (15 distinct ports of one host in
 * 5 minutes), counting only failed attempts (unanswered, refused, or half-open probes), so a
 * client that really uses many services of one server is not a scanner.
 *
 * @param ports distinct failed ports of one host that make a scan
 * @param window how far back those ports may be spread
 * @param quiet an episode ends after this long without a new probe (event time)
 * @param suppress after an episode ends, renewed probing within this time reopens the same
 *     alert instead of paging again
 */
public record PortScanConfig(int ports, Duration window, Duration quiet, Duration suppress) {

    public static PortScanConfig defaults() {
        return new PortScanConfig(15, Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofHours(1));
    }

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (ports < 2) p.add("port_scan.ports must be at least 2, got " + ports);
        if (window == null || window.isNegative() || window.isZero()) p.add("port_scan.window must be positive");
        if (quiet == null || quiet.isNegative() || quiet.isZero()) p.add("port_scan.quiet must be positive");
        if (suppress == null || suppress.isNegative()) p.add("port_scan.suppress must not be negative");
        return p;
    }
}
