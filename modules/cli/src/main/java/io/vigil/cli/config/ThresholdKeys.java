package io.vigil.cli.config;

import io.vigil.detector.Thresholds;
import io.vigil.detector.scan.PortScanConfig;
import io.vigil.runtime.config.ConfigTree;
import io.vigil.runtime.config.Setting;
import io.vigil.runtime.config.Units;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Each threshold key, declared once (as {@link Setting} declares a role's keys): where it
 * stands under {@code thresholds}, how it is written, where its value is in a
 * {@link Thresholds} and what it means. From that come the reading ({@link #read}), what
 * {@code --check} prints ({@link #tree}) and the reference table in docs/configuration.md
 * ({@link #table}), which a test holds to these declarations.
 */
public final class ThresholdKeys {

    /** How a threshold is written in the file and shown back. */
    enum Kind { NUMBER, DECIMAL, DURATION, BYTES, TEXT, LIST, SET, PORTS }

    /** One threshold: its key ({@code group.name}), kind, value in a {@link Thresholds} and meaning. */
    record Key<T>(String key, Kind kind, Function<Thresholds, T> of, String meaning) {

        /** The value as the file writes it: durations as {@code 5m}, sets sorted, sizes in bytes. */
        Object shown(Thresholds t) {
            Object v = of.apply(t);
            return switch (kind) {
                case DURATION -> Units.text((Duration) v);
                case SET, PORTS -> new TreeSet<>((Set<?>) v);
                default -> v;
            };
        }
    }

    static final List<Key<?>> ALL = new ArrayList<>();

    static final Key<Integer> PORT_SCAN_PORTS = key("port-scan.ports", Kind.NUMBER, t -> t.portScan().ports(),
            "distinct ports of one host that fail (unanswered, refused, half-open) within the window");
    static final Key<Duration> PORT_SCAN_WINDOW = key("port-scan.window", Kind.DURATION, t -> t.portScan().window(),
            "how long a source's failed probes are counted together");
    static final Key<Integer> SWEEP_HOSTS = key("host-sweep.hosts", Kind.NUMBER, t -> t.hostSweep().hosts(),
            "distinct hosts probed on one port, failing, within the window");
    static final Key<Duration> SWEEP_WINDOW = key("host-sweep.window", Kind.DURATION, t -> t.hostSweep().window(),
            "how long a source's probes of one port are counted together");
    static final Key<Integer> BRUTE_ATTEMPTS = key("brute-force.attempts", Kind.NUMBER, t -> t.bruteForce().attempts(),
            "password attempts (short, small sessions) within the window");
    static final Key<Duration> BRUTE_WINDOW = key("brute-force.window", Kind.DURATION, t -> t.bruteForce().window(),
            "how long attempts against one service are counted together");
    static final Key<Duration> BRUTE_MAX_DURATION = key("brute-force.max-duration", Kind.DURATION,
            t -> t.bruteForce().maxDuration(), "a session longer than this is a real session, not an attempt");
    static final Key<Long> BRUTE_MAX_SERVER_BYTES = key("brute-force.max-server-bytes", Kind.BYTES,
            t -> t.bruteForce().maxServerBytes(), "a session in which the server sent more (bytes) is a real session");
    static final Key<Set<Integer>> BRUTE_PORTS = key("brute-force.ports", Kind.PORTS, t -> t.bruteForce().ports(),
            "the password services' ports");
    static final Key<Set<String>> BRUTE_PROTOCOLS = key("brute-force.protocols", Kind.SET, t -> t.bruteForce().protocols(),
            "protocols that are password services on any port (by what the bytes speak)");
    static final Key<Integer> FLOOD_INCOMPLETE = key("syn-flood.incomplete", Kind.NUMBER, t -> t.synFlood().incomplete(),
            "incomplete connection attempts to one host within the window");
    static final Key<Duration> FLOOD_WINDOW = key("syn-flood.window", Kind.DURATION, t -> t.synFlood().window(),
            "how long attempts to a host are counted together");
    static final Key<Double> FLOOD_RATIO = key("syn-flood.ratio", Kind.DECIMAL, t -> t.synFlood().ratio(),
            "the share of all attempts that must be incomplete");
    static final Key<Integer> FLOOD_MAX_PORTS = key("syn-flood.max-ports", Kind.NUMBER, t -> t.synFlood().maxPorts(),
            "more ports than this is a scan, not a flood");
    static final Key<Long> EXFIL_FLOOR = key("exfiltration.floor", Kind.BYTES, t -> t.exfiltration().floorMinute(),
            "bytes a host must send in a minute, whatever its baseline");
    static final Key<Long> EXFIL_FLOOR_10M = key("exfiltration.floor-10m", Kind.BYTES,
            t -> t.exfiltration().floorTenMinutes(), "bytes a host must send in ten minutes");
    static final Key<Long> EXFIL_FLOOR_1H = key("exfiltration.floor-1h", Kind.BYTES, t -> t.exfiltration().floorHour(),
            "bytes a host must send in an hour");
    static final Key<Double> EXFIL_Z = key("exfiltration.z", Kind.DECIMAL, t -> t.exfiltration().z(),
            "spreads above the host's own baseline");
    static final Key<Long> EXFIL_NOVEL_PEER = key("exfiltration.novel-peer", Kind.BYTES, t -> t.exfiltration().novelPeer(),
            "bytes within ten minutes to a destination new to the site (twice within an hour)");
    static final Key<Double> EXFIL_MIN_RATIO = key("exfiltration.min-ratio", Kind.DECIMAL, t -> t.exfiltration().minRatio(),
            "upload to download, for the ten-minute and hour horizons");
    static final Key<Integer> VOLUME_FLOOR = key("volume.floor", Kind.NUMBER, t -> (int) t.volume().floorFlowsPerMinute(),
            "connections a host must open in a minute");
    static final Key<Double> VOLUME_Z = key("volume.z", Kind.DECIMAL, t -> t.volume().z(),
            "spreads above the host's baseline of connections opened");
    static final Key<Integer> BEACON_MIN_INTERVALS = key("beaconing.min-intervals", Kind.NUMBER,
            t -> t.beaconing().minIntervals(), "the fewest contacts whatever the period (more for shorter periods)");
    static final Key<Double> BEACON_MAX_JITTER = key("beaconing.max-jitter", Kind.DECIMAL, t -> t.beaconing().maxJitter(),
            "the most irregularity: median absolute deviation over median interval");
    static final Key<Duration> BEACON_MIN_PERIOD = key("beaconing.min-period", Kind.DURATION,
            t -> t.beaconing().minPeriod(), "the shortest period judged");
    static final Key<Duration> BEACON_MAX_PERIOD = key("beaconing.max-period", Kind.DURATION,
            t -> t.beaconing().maxPeriod(), "the longest period judged");
    static final Key<Long> BEACON_MAX_BYTES = key("beaconing.max-bytes", Kind.BYTES, t -> t.beaconing().maxBytes(),
            "a median contact larger than this is not a check-in");
    static final Key<Double> BEACON_MIN_SCORE = key("beaconing.min-score", Kind.DECIMAL, t -> t.beaconing().minScore(),
            "the score a beacon needs (regularity, symmetry, size, repetitions)");
    static final Key<Integer> DNS_UNIQUE_NAMES = key("dns-tunnel.unique-names", Kind.NUMBER,
            t -> t.dnsTunnel().uniqueNames(),
            "distinct subdomains of one domain (or names asked of one server) within the window");
    static final Key<Duration> DNS_WINDOW = key("dns-tunnel.window", Kind.DURATION, t -> t.dnsTunnel().window(),
            "how long a host's names are counted together");
    static final Key<Double> DNS_MIN_LENGTH = key("dns-tunnel.min-length", Kind.DECIMAL, t -> t.dnsTunnel().minLength(),
            "the mean length of the names, characters");
    static final Key<Double> DNS_ENCODED_SHARE = key("dns-tunnel.encoded-share", Kind.DECIMAL,
            t -> t.dnsTunnel().encodedShare(), "the share of names that look encoded (base32, base64, hex, bytes)");
    static final Key<List<String>> DNS_RESOLVERS = key("dns-tunnel.resolvers", Kind.LIST, t -> t.dnsTunnel().resolvers(),
            "the site's resolvers (CIDRs): names asked of any other server are judged per server");
    static final Key<Set<String>> DNS_IGNORE = key("dns-tunnel.ignore", Kind.SET, t -> t.dnsTunnel().ignore(),
            "domains never judged (reverse lookups, blocklists, antivirus lookups)");
    static final Key<Set<String>> INSECURE_PLAINTEXT = key("insecure.plaintext", Kind.SET, t -> t.insecure().plaintext(),
            "protocols that carry content readable across the boundary");
    static final Key<String> INSECURE_MIN_TLS = key("insecure.min-tls", Kind.TEXT, t -> t.insecure().minTls(),
            "the oldest TLS version accepted");
    static final Key<Long> SITE_FLOOR = key("site-volume.floor", Kind.BYTES, t -> t.siteVolume().floorBytesPerMinute(),
            "bytes the whole site must upload in a minute");
    static final Key<Integer> SITE_FLOOR_CONNECTIONS = key("site-volume.floor-connections", Kind.NUMBER,
            t -> (int) t.siteVolume().floorFlowsPerMinute(), "connections the whole site must open in a minute");
    static final Key<Double> SITE_Z = key("site-volume.z", Kind.DECIMAL, t -> t.siteVolume().z(),
            "spreads above the site's own seasonal baseline");
    static final Key<Integer> LEARNING_MEMORY = key("learning.memory-minutes", Kind.NUMBER,
            t -> t.learning().memoryMinutes(), "how far back a baseline remembers (the EWMA's horizon)");
    static final Key<Integer> LEARNING_WARMUP = key("learning.warmup", Kind.NUMBER, t -> (int) t.learning().warmup(),
            "minutes of history before a baseline is trusted");
    static final Key<Integer> LEARNING_SEASONAL = key("learning.seasonal-weeks", Kind.NUMBER,
            t -> (int) t.learning().seasonalWeeks(), "weeks of an hour of the week before its own baseline is used");
    static final Key<Duration> PREVALENCE_WINDOW = key("prevalence.window", Kind.DURATION, t -> t.prevalence().window(),
            "how long the site remembers which hosts used a peer");
    static final Key<Integer> PREVALENCE_COMMON = key("prevalence.common-hosts", Kind.NUMBER,
            t -> t.prevalence().commonHosts(), "a peer this many hosts use is the fleet's");
    static final Key<Duration> EPISODES_QUIET = key("episodes.quiet", Kind.DURATION, t -> t.episodes().quiet(),
            "an alert ends after this long without its activity");
    static final Key<Duration> EPISODES_SUPPRESS = key("episodes.suppress", Kind.DURATION, t -> t.episodes().suppress(),
            "an alert that returns within this is reopened, not raised again");
    static final Key<Integer> INTEL_MIN_CONFIDENCE = key("threat-intel.min-confidence", Kind.NUMBER,
            t -> t.threatIntel().minConfidence(), "indicators whose source is less sure than this (0–100) are not matched");
    static final Key<String> INTEL_INBOUND = key("threat-intel.inbound", Kind.TEXT, t -> t.threatIntel().inbound(),
            "connections in from a listed address that raise an alert: none, established or all");
    static final Key<Set<String>> INTEL_IGNORE = key("threat-intel.ignore", Kind.SET, t -> t.threatIntel().ignore(),
            "indicator values (addresses, blocks, domains and names below them) never matched here");

    private ThresholdKeys() {}

    private static <T> Key<T> key(String key, Kind kind, Function<Thresholds, T> of, String meaning) {
        Key<T> k = new Key<>(key, kind, of, meaning);
        ALL.add(k);
        return k;
    }

    /** The thresholds written under {@code p}, each missing one taken from {@code d}. */
    static Thresholds read(ConfigTree t, String p, Thresholds d) {
        ThresholdKeys.Values v = new ThresholdKeys.Values(t, p, d);
        return new Thresholds(
                new PortScanConfig(v.get(PORT_SCAN_PORTS), v.get(PORT_SCAN_WINDOW)),
                new Thresholds.HostSweep(v.get(SWEEP_HOSTS), v.get(SWEEP_WINDOW)),
                new Thresholds.BruteForce(v.get(BRUTE_ATTEMPTS), v.get(BRUTE_WINDOW), v.get(BRUTE_MAX_DURATION),
                        v.get(BRUTE_MAX_SERVER_BYTES), v.get(BRUTE_PORTS), v.get(BRUTE_PROTOCOLS)),
                new Thresholds.SynFlood(v.get(FLOOD_INCOMPLETE), v.get(FLOOD_WINDOW), v.get(FLOOD_RATIO), v.get(FLOOD_MAX_PORTS)),
                new Thresholds.Exfiltration(v.get(EXFIL_FLOOR), v.get(EXFIL_FLOOR_10M), v.get(EXFIL_FLOOR_1H), v.get(EXFIL_Z),
                        v.get(EXFIL_NOVEL_PEER), v.get(EXFIL_MIN_RATIO)),
                new Thresholds.Volume(v.get(VOLUME_FLOOR), v.get(VOLUME_Z)),
                new Thresholds.Beaconing(v.get(BEACON_MIN_INTERVALS), v.get(BEACON_MAX_JITTER), v.get(BEACON_MIN_PERIOD),
                        v.get(BEACON_MAX_PERIOD), v.get(BEACON_MAX_BYTES), v.get(BEACON_MIN_SCORE)),
                new Thresholds.DnsTunnel(v.get(DNS_UNIQUE_NAMES), v.get(DNS_WINDOW), v.get(DNS_MIN_LENGTH),
                        v.get(DNS_ENCODED_SHARE), v.get(DNS_RESOLVERS), v.get(DNS_IGNORE)),
                new Thresholds.Insecure(v.get(INSECURE_PLAINTEXT), v.get(INSECURE_MIN_TLS)),
                new Thresholds.SiteVolume(v.get(SITE_FLOOR), v.get(SITE_FLOOR_CONNECTIONS), v.get(SITE_Z)),
                new Thresholds.Learning(v.get(LEARNING_MEMORY), v.get(LEARNING_WARMUP), v.get(LEARNING_SEASONAL)),
                new Thresholds.Prevalence(v.get(PREVALENCE_WINDOW), v.get(PREVALENCE_COMMON)),
                new Thresholds.EpisodeTimes(v.get(EPISODES_QUIET), v.get(EPISODES_SUPPRESS)),
                new Thresholds.ThreatIntel(v.get(INTEL_MIN_CONFIDENCE), v.get(INTEL_INBOUND), v.get(INTEL_IGNORE)));
    }

    /** The thresholds written under {@code prefix}, each one missing taken from the defaults given. */
    static final class Values {
        private final ConfigTree t;
        private final String prefix;
        private final Thresholds defaults;

        Values(ConfigTree t, String prefix, Thresholds defaults) {
            this.t = t;
            this.prefix = prefix;
            this.defaults = defaults;
        }

        @SuppressWarnings("unchecked")
        <T> T get(Key<T> k) {
            String path = prefix + "." + k.key();
            T d = k.of().apply(defaults);
            Object v = switch (k.kind()) {
                case NUMBER -> t.integer(path, (Integer) d);
                case DECIMAL -> t.decimal(path, (Double) d);
                case DURATION -> t.duration(path, (Duration) d);
                case BYTES -> t.bytes(path, (Long) d);
                case TEXT -> t.string(path, (String) d);
                case LIST -> List.copyOf(t.list(path, (List<String>) d));
                case SET -> {
                    List<String> given = t.list(path, null);
                    yield given == null ? d : new LinkedHashSet<>(given);
                }
                case PORTS -> ports(path, (Set<Integer>) d);
            };
            return (T) v;
        }

        private Set<Integer> ports(String path, Set<Integer> d) {
            List<String> given = t.list(path, null);
            if (given == null) return d;
            Set<Integer> out = new LinkedHashSet<>();
            for (String s : given) {
                try {
                    out.add(Integer.parseInt(s.trim()));
                } catch (NumberFormatException e) {
                    t.addProblem(path + ": '" + s + "' is not a port number");
                }
            }
            return out;
        }
    }

    /** The thresholds as the config file writes them, group by group, for {@code --check}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> tree(Thresholds x) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Key<?> k : ALL) {
            int dot = k.key().indexOf('.');
            ((Map<String, Object>) m.computeIfAbsent(k.key().substring(0, dot), g -> new LinkedHashMap<String, Object>()))
                    .put(k.key().substring(dot + 1), k.shown(x));
        }
        return m;
    }

    /** The reference table: key, default (as --check prints it), meaning. */
    static String table(Thresholds defaults) {
        StringBuilder b = new StringBuilder("| key | default | what it is |\n|---|---|---|\n");
        for (Key<?> k : ALL) {
            Object value = k.shown(defaults);
            String shown = value instanceof java.util.Collection<?> c ? String.join(", ", c.stream().map(String::valueOf).toList())
                    : String.valueOf(value);
            b.append("| `").append(k.key()).append("` | ").append(shown.isEmpty() ? "—" : shown)
                    .append(" | ").append(k.meaning()).append(" |\n");
        }
        return b.toString();
    }
}
