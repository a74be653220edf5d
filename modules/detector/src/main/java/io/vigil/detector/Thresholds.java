package io.vigil.detector;

import io.vigil.detector.scan.PortScanConfig;
import io.vigil.model.AlertType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every detector's settings, with defaults and the reasoning behind them (docs/detection.md
 * has the long form). A site may override any of them.
 */
public record Thresholds(
        PortScanConfig portScan,
        HostSweep hostSweep,
        BruteForce bruteForce,
        SynFlood synFlood,
        Exfiltration exfiltration,
        Volume volume,
        Beaconing beaconing,
        DnsTunnel dnsTunnel,
        Insecure insecure,
        SiteVolume siteVolume,
        Learning learning) {

    /**
     * A whole site's upload or new connections in a minute above its own baseline by 6
     * spreads and above 500 MB or 3 000 connections. Reported at {@code low}: host detectors
     * page; the site level shows the manager's weekly picture (a nightly backup is a site
     * surge too).
     */
    public record SiteVolume(long floorBytesPerMinute, long floorFlowsPerMinute, double z) {}

    /** One source, one port, many hosts: Zeek's address-scan anchor, 25 hosts in 5 minutes. */
    public record HostSweep(int hosts, Duration window) {}

    /**
     * Many short sessions from one source to one authentication service: 10 in 5 minutes, each
     * under 30 s and with little sent back (a failed login is short and small; a real session
     * is not). Ports and protocols are those that take passwords. Ten, not more, so that even
     * a slow guesser (one try a second) is reported within 10 s.
     */
    public record BruteForce(int sessions, Duration window, Duration maxDuration, long maxServerBytes,
                             Set<Integer> ports, Set<String> protocols) {}

    /**
     * A host that receives far more connection attempts than it completes: 200 incomplete in
     * 10 s, at least 70% of all attempts, on at most 3 ports (more ports is a scan).
     */
    public record SynFlood(int incomplete, Duration window, double ratio, int maxPorts) {}

    /**
     * Outbound volume far above the host's baseline (z ≥ 6 against the seasonal or overall
     * baseline) and above an absolute floor (50 MB in a minute). While the baseline is
     * warming up, only ten times the floor raises.
     */
    public record Exfiltration(long floorBytesPerMinute, double z) {}

    /** New connections a minute far above the host's baseline (z ≥ 8) and above 300. */
    public record Volume(long floorFlowsPerMinute, double z) {}

    /**
     * Regular contact with one outside peer: at least 8 intervals whose median absolute
     * deviation is within 10% of the median (jitter-tolerant), a period between 10 s and 2 h,
     * small exchanges (under 50 KB a connection on average).
     */
    public record Beaconing(int intervals, double maxDeviation, Duration minPeriod, Duration maxPeriod, long maxBytes) {}

    /**
     * Names that carry data: in 5 minutes, 40 distinct subdomains of one registered domain
     * whose mean length is at least 18 characters and mean entropy at least 3.2 bits a
     * character (ordinary names are short and repetitive; base32/base64 payloads are not).
     */
    public record DnsTunnel(int uniqueNames, Duration window, double minLength, double minEntropy) {}

    /** Plaintext credential protocols and TLS below 1.2 across the internet boundary. */
    public record Insecure(Set<String> plaintext, String minTls) {}

    /**
     * How baselines learn: EWMA memory of about a day of minutes, warm-up of 60 samples before
     * a baseline is trusted, 4 samples before an hour-of-week bucket is used.
     */
    public record Learning(int memoryMinutes, long warmup, long seasonalMin) {
        public double alpha() {
            return 2.0 / (memoryMinutes + 1);
        }
    }

    public static Thresholds defaults() {
        return new Thresholds(
                PortScanConfig.defaults(),
                new HostSweep(25, Duration.ofMinutes(5)),
                new BruteForce(10, Duration.ofMinutes(5), Duration.ofSeconds(30), 20_000,
                        Set.of(21, 22, 23, 110, 143, 389, 445, 465, 587, 993, 995, 1433, 3306, 3389, 5432, 5900),
                        Set.of("ssh", "telnet", "ftp", "rdp", "smb", "pop3", "imap", "postgresql", "mysql", "mssql")),
                new SynFlood(200, Duration.ofSeconds(10), 0.7, 3),
                new Exfiltration(50L << 20, 6),
                new Volume(300, 8),
                new Beaconing(8, 0.1, Duration.ofSeconds(10), Duration.ofHours(2), 50_000),
                new DnsTunnel(40, Duration.ofMinutes(5), 18, 3.2),
                new Insecure(Set.of("telnet", "ftp", "pop3", "imap", "http"), "1.2"),
                new SiteVolume(500L << 20, 3000, 6),
                new Learning(1440, 60, 4));
    }

    /** How long an episode of {@code type} may be quiet before it ends. */
    public long quietMs(AlertType type) {
        switch (type) {
            case INSECURE_PROTOCOL: return Duration.ofHours(24).toMillis();
            case BEACONING: return Math.max(maxBeacon() * 3, Duration.ofMinutes(30).toMillis());
            case COLLECTOR_SILENT: return Duration.ofDays(365).toMillis();
            case EXFILTRATION: case VOLUME_ANOMALY: return Duration.ofMinutes(15).toMillis();
            default: return portScan.quiet().toMillis();
        }
    }

    private long maxBeacon() {
        return beaconing.maxPeriod().toMillis();
    }

    /** After an episode ends, renewed activity within this time reopens it rather than paging again. */
    public long suppressMs(AlertType type) {
        if (type == AlertType.INSECURE_PROTOCOL) return Duration.ofDays(7).toMillis();
        return portScan.suppress().toMillis();
    }

    public List<String> problems() {
        List<String> p = new ArrayList<>(portScan.problems());
        if (hostSweep.hosts() < 2) p.add("host_sweep.hosts must be at least 2");
        if (bruteForce.sessions() < 2) p.add("brute_force.sessions must be at least 2");
        if (synFlood.incomplete() < 2) p.add("syn_flood.incomplete must be at least 2");
        if (synFlood.ratio() <= 0 || synFlood.ratio() > 1) p.add("syn_flood.ratio must be in (0, 1]");
        if (exfiltration.floorBytesPerMinute() < 0) p.add("exfiltration.floor must not be negative");
        if (exfiltration.z() <= 0) p.add("exfiltration.z must be positive");
        if (volume.z() <= 0) p.add("volume.z must be positive");
        if (beaconing.intervals() < 3) p.add("beaconing.intervals must be at least 3");
        if (dnsTunnel.uniqueNames() < 2) p.add("dns_tunnel.unique-names must be at least 2");
        if (learning.memoryMinutes() < 10) p.add("learning.memory must be at least 10 minutes");
        return p;
    }
}
