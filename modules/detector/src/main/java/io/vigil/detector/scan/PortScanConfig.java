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
 */
public record PortScanConfig(int ports, Duration window) {

    public static PortScanConfig defaults() {
        return new PortScanConfig(15, Duration.ofMinutes(5));
    }

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (ports < 2) p.add("port-scan.ports: must be at least 2, got " + ports);
        if (window == null || window.isNegative() || window.isZero()) p.add("port-scan.window: must be positive");
        return p;
    }
}
