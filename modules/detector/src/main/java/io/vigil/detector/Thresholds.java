package io.vigil.detector;

import io.vigil.detector.scan.PortScanConfig;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every detector's settings, with defaults and the reasoning behind them (docs/detection.md
 * has the long form). A site may override any of them, the episode lifecycle included.
 * Problems are named with the configuration file's own keys.
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
        Learning learning,
        Prevalence prevalence,
        EpisodeTimes episodes,
        ThreatIntel threatIntel) {

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
     * Password guessing from one source at one authentication service: 10 attempts in 5
     * minutes, in sessions each under 30 s and with little sent back (a failed login is short
     * and small; a real session is not). A session of several seconds carried several guesses
     * (servers delay each failure by 2–3 s, and hydra tries up to six passwords on one SSH
     * connection): it counts one attempt per 2.5 s, up to ten. Ports and protocols are those
     * that take passwords. Ten, not more, so that a slow guesser is reported within seconds.
     */
    public record BruteForce(int attempts, Duration window, Duration maxDuration, long maxServerBytes,
                             Set<Integer> ports, Set<String> protocols) {

        /** The password attempts a session of {@code durationMs} carried, by its length. */
        public static int attemptsIn(long durationMs) {
            return (int) Math.max(1, Math.min(10, Math.round(durationMs / 2500.0)));
        }
    }

    /**
     * A host that receives far more connection attempts than it completes: 200 incomplete in
     * 10 s, at least 70% of all attempts, on at most 3 ports (more ports is a scan).
     */
    public record SynFlood(int incomplete, Duration window, double ratio, int maxPorts) {}

    /**
     * Data leaving a host, on three horizons so slow theft is seen too: a minute, ten minutes
     * and an hour, each above the host's baseline for that horizon by {@code z} spreads and
     * above its floor (50 MB, 150 MB, 300 MB); while the baseline warms up, ten times the floor.
     * The longer horizons also need the upload to dwarf the download ({@code minRatio}), as
     * theft does and a video call does not. Apart from the baseline, {@code novelPeer} bytes
     * (32 MB) sent within ten minutes to one destination that no other host of the site has
     * used in the prevalence window is reported at once, warm baseline or not: a host's first
     * hour is when an intruder who just got in moves data.
     */
    public record Exfiltration(long floorMinute, long floorTenMinutes, long floorHour, double z, long novelPeer,
                               double minRatio) {
        public long floor(int minutes) {
            return minutes >= 60 ? floorHour : minutes >= 10 ? floorTenMinutes : floorMinute;
        }
    }

    /** New connections a minute far above the host's baseline (z ≥ 8) and above 300. */
    public record Volume(long floorFlowsPerMinute, double z) {}

    /**
     * Regular contact with one outside peer (command and control): periods from 1 s to 24 h,
     * judged on the regularity of the intervals (median absolute deviation within
     * {@code maxJitter} of the median: 0.3 takes a uniform ±50% jitter, Cobalt Strike's 25%
     * is 0.14), their symmetry (Bowley skewness), the consistency of the bytes per contact and
     * the number of repetitions. A short period needs more repetitions than a long one:
     * 20 − 3.5·log10(period in s), at least {@code minIntervals} (5): 20 at 1 s, 14 at a
     * minute, 8 at an hour, 5 at a day. The combined score must reach {@code minScore}; a
     * contact's median size must stay under {@code maxBytes} (a check-in is small).
     */
    public record Beaconing(int minIntervals, double maxJitter, Duration minPeriod, Duration maxPeriod, long maxBytes,
                            double minScore) {

        /** Intervals needed before a period is judged. */
        public int required(double periodMs) {
            double n = 20 - 3.5 * Math.log10(Math.max(1, periodMs / 1000.0));
            return (int) Math.max(minIntervals, Math.min(20, Math.ceil(n)));
        }
    }

    /**
     * Names that carry data. Per registered domain, in {@code window} (5 min): at least
     * {@code uniqueNames} (40) distinct subdomains that are long (mean ≥ {@code minLength}, 18)
     * and mostly encoded-looking (a {@code encodedShare} of 0.5: base32, base64, hex or bytes
     * DNS names never hold), or asked mostly with the types tunnels use (TXT, NULL, CNAME, MX,
     * SRV, ANY). Per DNS server that is not one of the site's {@code resolvers}: the same
     * numbers over every name asked of it (dnscat2's direct mode has no domain). Resolvers are
     * the given CIDRs, the site's own addresses, and servers that {@code Prevalence.commonHosts}
     * hosts use. Names under {@code ignore} (reverse lookups by default) are not judged.
     */
    public record DnsTunnel(int uniqueNames, Duration window, double minLength, double encodedShare,
                            List<String> resolvers, Set<String> ignore) {}

    /** Plaintext credential protocols and TLS below 1.2 across the internet boundary. */
    public record Insecure(Set<String> plaintext, String minTls) {}

    /**
     * How baselines learn: EWMA memory of about a day of minutes, warm-up of 60 samples before
     * a baseline is trusted, and an hour-of-week bucket used once it has {@code seasonalWeeks}
     * (2) weeks of that hour behind it: a bucket filled by the hour in progress would learn the
     * attack it should judge.
     */
    public record Learning(int memoryMinutes, long warmup, long seasonalWeeks) {
        public double alpha() {
            return 2.0 / (memoryMinutes + 1);
        }

        /** Samples a bucket needs: a sample a minute, sixty an hour, one hour a week. */
        public long seasonalMin() {
            return seasonalWeeks * 60;
        }
    }

    /**
     * How widely the site uses an outside peer: the internal hosts that contacted its address,
     * and its /24 (/48 for IPv6), over {@code window} (7 days). A peer {@code commonHosts} (5)
     * hosts use is the fleet's (updates, telemetry): beacons to it are reported low.
     */
    public record Prevalence(Duration window, int commonHosts) {}

    /**
     * An episode ends after {@code quiet} without new evidence (event time); renewed activity
     * within {@code suppress} after its end reopens the same alert instead of paging again.
     * Some types keep their own: insecure protocols (24 h, 7 days), beacons (four periods),
     * volume and exfiltration (15 min quiet), threat indicators (at least 1 h, 1 day).
     */
    public record EpisodeTimes(Duration quiet, Duration suppress) {}

    /**
     * Traffic that a threat indicator lists: indicators below {@code minConfidence} (0–100) are
     * not matched; {@code inbound} says which connections from a listed address to the site raise
     * an alert ({@code none}, {@code established} — the default, since listed scanners knock on
     * every internet-facing service all day — or {@code all}); {@code ignore} lists indicator
     * values (addresses, blocks, domains and the names below them) never matched at the site.
     */
    public record ThreatIntel(int minConfidence, String inbound, Set<String> ignore) {
        public static final List<String> INBOUND = List.of("none", "established", "all");
    }

    public static Thresholds defaults() {
        return new Thresholds(
                PortScanConfig.defaults(),
                new HostSweep(25, Duration.ofMinutes(5)),
                new BruteForce(10, Duration.ofMinutes(5), Duration.ofSeconds(30), 20_000,
                        Set.of(21, 22, 23, 110, 143, 389, 445, 465, 587, 993, 995, 1433, 3306, 3389, 5432, 5900),
                        Set.of("ssh", "telnet", "ftp", "rdp", "smb", "pop3", "imap", "postgresql", "mysql", "mssql")),
                new SynFlood(200, Duration.ofSeconds(10), 0.7, 3),
                new Exfiltration(50L << 20, 150L << 20, 300L << 20, 6, 32L << 20, 3),
                new Volume(300, 8),
                new Beaconing(5, 0.3, Duration.ofSeconds(1), Duration.ofHours(24), 64 * 1024, 0.7),
                new DnsTunnel(40, Duration.ofMinutes(5), 18, 0.5, List.of(), Set.of("in-addr.arpa", "ip6.arpa")),
                new Insecure(Set.of("telnet", "ftp", "pop3", "imap", "http"), "1.2"),
                new SiteVolume(500L << 20, 3000, 6),
                new Learning(1440, 60, 2),
                new Prevalence(Duration.ofDays(7), 5),
                new EpisodeTimes(Duration.ofMinutes(10), Duration.ofHours(1)),
                new ThreatIntel(0, "established", Set.of()));
    }

    /** A copy with one section replaced: a site's own settings in code (tests, the benchmark). */
    public Thresholds withPortScan(PortScanConfig v) {
        return new Thresholds(v, hostSweep, bruteForce, synFlood, exfiltration, volume, beaconing, dnsTunnel, insecure, siteVolume, learning, prevalence, episodes, threatIntel);
    }

    public Thresholds withHostSweep(HostSweep v) {
        return new Thresholds(portScan, v, bruteForce, synFlood, exfiltration, volume, beaconing, dnsTunnel, insecure, siteVolume, learning, prevalence, episodes, threatIntel);
    }

    public Thresholds withBruteForce(BruteForce v) {
        return new Thresholds(portScan, hostSweep, v, synFlood, exfiltration, volume, beaconing, dnsTunnel, insecure, siteVolume, learning, prevalence, episodes, threatIntel);
    }

    public Thresholds withSynFlood(SynFlood v) {
        return new Thresholds(portScan, hostSweep, bruteForce, v, exfiltration, volume, beaconing, dnsTunnel, insecure, siteVolume, learning, prevalence, episodes, threatIntel);
    }

    public Thresholds withExfiltration(Exfiltration v) {
        return new Thresholds(portScan, hostSweep, bruteForce, synFlood, v, volume, beaconing, dnsTunnel, insecure, siteVolume, learning, prevalence, episodes, threatIntel);
    }

    public Thresholds withVolume(Volume v) {
        return new Thresholds(portScan, hostSweep, bruteForce, synFlood, exfiltration, v, beaconing, dnsTunnel, insecure, siteVolume, learning, prevalence, episodes, threatIntel);
    }

    public Thresholds withBeaconing(Beaconing v) {
        return new Thresholds(portScan, hostSweep, bruteForce, synFlood, exfiltration, volume, v, dnsTunnel, insecure, siteVolume, learning, prevalence, episodes, threatIntel);
    }

    public Thresholds withDnsTunnel(DnsTunnel v) {
        return new Thresholds(portScan, hostSweep, bruteForce, synFlood, exfiltration, volume, beaconing, v, insecure, siteVolume, learning, prevalence, episodes, threatIntel);
    }

    public Thresholds withInsecure(Insecure v) {
        return new Thresholds(portScan, hostSweep, bruteForce, synFlood, exfiltration, volume, beaconing, dnsTunnel, v, siteVolume, learning, prevalence, episodes, threatIntel);
    }

    public Thresholds withSiteVolume(SiteVolume v) {
        return new Thresholds(portScan, hostSweep, bruteForce, synFlood, exfiltration, volume, beaconing, dnsTunnel, insecure, v, learning, prevalence, episodes, threatIntel);
    }

    public Thresholds withLearning(Learning v) {
        return new Thresholds(portScan, hostSweep, bruteForce, synFlood, exfiltration, volume, beaconing, dnsTunnel, insecure, siteVolume, v, prevalence, episodes, threatIntel);
    }

    public Thresholds withPrevalence(Prevalence v) {
        return new Thresholds(portScan, hostSweep, bruteForce, synFlood, exfiltration, volume, beaconing, dnsTunnel, insecure, siteVolume, learning, v, episodes, threatIntel);
    }

    public Thresholds withEpisodes(EpisodeTimes v) {
        return new Thresholds(portScan, hostSweep, bruteForce, synFlood, exfiltration, volume, beaconing, dnsTunnel, insecure, siteVolume, learning, prevalence, v, threatIntel);
    }

    public Thresholds withThreatIntel(ThreatIntel v) {
        return new Thresholds(portScan, hostSweep, bruteForce, synFlood, exfiltration, volume, beaconing, dnsTunnel, insecure, siteVolume, learning, prevalence, episodes, v);
    }

    /** How long an episode may be quiet before it ends. */
    public long quietMs(Alert a) {
        switch (a.type()) {
            case INSECURE_PROTOCOL: return Duration.ofHours(24).toMillis();
            case BEACONING: {
                Object period = a.evidence() == null ? null : a.evidence().get("period_seconds");
                double p = period instanceof Number n ? n.doubleValue() * 1000 : beaconing.maxPeriod().toMillis();
                return (long) Math.max(4 * p, Duration.ofMinutes(30).toMillis());
            }
            case COLLECTOR_SILENT: return Duration.ofDays(365).toMillis();
            case EXFILTRATION: case VOLUME_ANOMALY: return Duration.ofMinutes(15).toMillis();
            // a listed peer contacted every few hours is one story, not one page per contact
            case THREAT_INTEL: return Math.max(Duration.ofHours(1).toMillis(), episodes.quiet().toMillis());
            default: return episodes.quiet().toMillis();
        }
    }

    /** After an episode ends, renewed activity within this time reopens it rather than paging again. */
    public long suppressMs(AlertType type) {
        if (type == AlertType.INSECURE_PROTOCOL) return Duration.ofDays(7).toMillis();
        if (type == AlertType.THREAT_INTEL) return Math.max(Duration.ofDays(1).toMillis(), episodes.suppress().toMillis());
        return episodes.suppress().toMillis();
    }

    /** Every problem, named by the configuration file's keys. */
    public List<String> problems() {
        List<String> p = new ArrayList<>(portScan.problems());
        if (hostSweep.hosts() < 2) p.add("host-sweep.hosts: must be at least 2");
        if (bruteForce.attempts() < 2) p.add("brute-force.attempts: must be at least 2");
        if (synFlood.incomplete() < 2) p.add("syn-flood.incomplete: must be at least 2");
        if (synFlood.ratio() <= 0 || synFlood.ratio() > 1) p.add("syn-flood.ratio: must be in (0, 1]");
        if (exfiltration.floorMinute() < 0 || exfiltration.floorTenMinutes() < 0 || exfiltration.floorHour() < 0) {
            p.add("exfiltration.floor: the floors (floor, floor-10m, floor-1h) must not be negative");
        }
        if (exfiltration.z() <= 0) p.add("exfiltration.z: must be positive");
        if (exfiltration.novelPeer() <= 0) p.add("exfiltration.novel-peer: must be positive");
        if (exfiltration.minRatio() < 1) p.add("exfiltration.min-ratio: must be at least 1");
        if (volume.z() <= 0) p.add("volume.z: must be positive");
        if (beaconing.minIntervals() < 3) p.add("beaconing.min-intervals: must be at least 3");
        if (beaconing.maxJitter() <= 0 || beaconing.maxJitter() > 1) p.add("beaconing.max-jitter: must be in (0, 1]");
        if (beaconing.minPeriod().toMillis() < 500) p.add("beaconing.min-period: must be at least 500ms");
        if (beaconing.maxPeriod().compareTo(beaconing.minPeriod()) <= 0) {
            p.add("beaconing.max-period: must be longer than beaconing.min-period");
        }
        if (beaconing.minScore() <= 0 || beaconing.minScore() > 1) p.add("beaconing.min-score: must be in (0, 1]");
        if (dnsTunnel.uniqueNames() < 2) p.add("dns-tunnel.unique-names: must be at least 2");
        if (dnsTunnel.encodedShare() < 0 || dnsTunnel.encodedShare() > 1) p.add("dns-tunnel.encoded-share: must be in [0, 1]");
        for (String r : dnsTunnel.resolvers()) {
            try {
                io.vigil.model.Cidr.parse(r);
            } catch (IllegalArgumentException e) {
                p.add("dns-tunnel.resolvers: " + e.getMessage());
            }
        }
        if (learning.memoryMinutes() < 10) p.add("learning.memory-minutes: must be at least 10");
        if (prevalence.commonHosts() < 2) p.add("prevalence.common-hosts: must be at least 2");
        if (prevalence.window().toHours() < 1) p.add("prevalence.window: must be at least 1h");
        if (episodes.quiet().isNegative() || episodes.quiet().isZero()) p.add("episodes.quiet: must be positive");
        if (episodes.suppress().isNegative()) p.add("episodes.suppress: must not be negative");
        if (threatIntel.minConfidence() < 0 || threatIntel.minConfidence() > 100) p.add("threat-intel.min-confidence: must be 0..100");
        if (!ThreatIntel.INBOUND.contains(threatIntel.inbound())) {
            p.add("threat-intel.inbound: '" + threatIntel.inbound() + "' is not one of " + String.join(", ", ThreatIntel.INBOUND));
        }
        for (String v : threatIntel.ignore()) {
            try {
                io.vigil.model.Indicator.of(v, "ignore", 0, null, null, null, null, null);
            } catch (IllegalArgumentException e) {
                p.add("threat-intel.ignore: " + e.getMessage());
            }
        }
        return p;
    }
}
