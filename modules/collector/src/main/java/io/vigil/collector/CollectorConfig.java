package io.vigil.collector;

import io.vigil.collector.flow.FlowTableConfig;
import io.vigil.model.Cidr;
import io.vigil.model.CidrSet;
import io.vigil.model.Topics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything a collector needs, with defaults that work on a gateway. {@link #problems()}
 * lists every problem at once so a config file is fixed in one go.
 *
 * @param site the site this gateway belongs to
 * @param collectorId this agent's name, unique across the estate
 * @param internal the site's internal networks (CIDR)
 * @param capture where packets come from
 * @param flow flow table timeouts and size
 * @param namespace topic namespace ({@code vigil} in production)
 * @param kafka standard Kafka client properties, passed through untouched
 * @param spoolDir where flows wait while Kafka is away
 * @param spoolMaxBytes the spool's bound; beyond it flows are dropped, counted and logged
 * @param heartbeatInterval how often the liveness record goes out
 * @param pseudonymiseKeyFile when set, internal addresses leave the agent as keyed HMACs
 * @param internalZones DNS zones whose names are internal hosts' (pseudonymised like addresses)
 * @param evidence the packet ring behind alerts' evidence, or off
 * @param binaryFlows flow records go to Kafka in {@code FlowRecordBinary}'s compact encoding instead of JSON
 */
public record CollectorConfig(
        String site,
        String collectorId,
        List<String> internal,
        Capture capture,
        FlowTableConfig flow,
        String namespace,
        Map<String, String> kafka,
        Path spoolDir,
        long spoolMaxBytes,
        Duration heartbeatInterval,
        Path pseudonymiseKeyFile,
        List<String> internalZones,
        Evidence evidence,
        boolean binaryFlows) {

    private static final Pattern ZONE = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * Capture settings. Defaults: snaplen 2048 (headers plus the first payload bytes that name
     * the protocol, DNS and TLS hellos; payload beyond is never used), promiscuous, a 64 MB
     * kernel buffer (a few seconds of a busy gigabit link), no filter.
     *
     * @param iface live interface, or null when replaying files
     * @param files capture files to replay, in order (empty for live)
     * @param netflow {@code [BIND:]PORT} to receive NetFlow v5/v9/IPFIX on instead of capturing, or null
     */
    public record Capture(String iface, List<Path> files, int snaplen, boolean promiscuous, long bufferBytes, String bpf,
                          String netflow) {
        public Capture(String iface, List<Path> files, int snaplen, boolean promiscuous, long bufferBytes, String bpf) {
            this(iface, files, snaplen, promiscuous, bufferBytes, bpf, null);
        }

        public static Capture defaults() {
            return new Capture(null, List.of(), 2048, true, 64L << 20, "");
        }
    }

    /**
     * The packet ring ({@code evidence.*}): where, how much and how long, how many bytes of each
     * packet, whether the operator keeps real addresses in it although flows leave pseudonymised,
     * and how long and how much of the alerts' cuts are kept after the ring has wrapped
     * ({@code dir/kept}). {@code dir} null: no ring.
     */
    public record Evidence(Path dir, long maxBytes, Duration maxAge, int snaplen, boolean withPseudonyms,
                           Duration keep, long keepBytes) {
        public static final Evidence OFF = new Evidence(null, 2L << 30, Duration.ofHours(24), 128, false,
                Duration.ofDays(30), 1L << 30);

        public Evidence(Path dir, long maxBytes, Duration maxAge, int snaplen, boolean withPseudonyms) {
            this(dir, maxBytes, maxAge, snaplen, withPseudonyms, OFF.keep, OFF.keepBytes);
        }

        public boolean on() {
            return dir != null;
        }
    }

    public static CollectorConfig defaults() {
        return new CollectorConfig(null, "collector-" + hostname(), CidrSet.PRIVATE, Capture.defaults(),
                FlowTableConfig.defaults(), Topics.DEFAULT.namespace(), Map.of(), Path.of("/var/lib/vigil/spool"),
                1L << 30, Duration.ofSeconds(10), null, List.of(), Evidence.OFF, false);
    }

    public Topics topics() {
        return new Topics(namespace);
    }

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (site == null || !NAME.matcher(site).matches()) {
            p.add("site: '" + site + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (collectorId == null || !NAME.matcher(collectorId).matches()) {
            p.add("collector-id: '" + collectorId + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (internal == null || internal.isEmpty()) p.add("internal: at least one network is needed");
        else for (String c : internal) {
            try {
                Cidr.parse(c);
            } catch (IllegalArgumentException e) {
                p.add("internal: " + e.getMessage());
            }
        }
        boolean live = capture.iface() != null && !capture.iface().isBlank();
        int sources = (live ? 1 : 0) + (capture.files().isEmpty() ? 0 : 1) + (capture.netflow() == null ? 0 : 1);
        if (sources != 1) p.add("capture: give exactly one of interface, files or netflow");
        if (capture.snaplen() < 96 || capture.snaplen() > 262144) {
            p.add("capture.snaplen: " + capture.snaplen() + " must be 96..262144");
        }
        if (capture.bufferBytes() < (1 << 20) || capture.bufferBytes() > (2L << 30)) {
            p.add("capture.buffer-size: must be 1MB..2GB");
        }
        for (String f : flow.problems()) p.add("flow." + f);
        try {
            new Topics(namespace);
        } catch (IllegalArgumentException e) {
            p.add("namespace: " + e.getMessage());
        }
        if (!kafka.containsKey("bootstrap.servers")) p.add("kafka.bootstrap.servers is missing");
        if (spoolDir == null) p.add("spool.dir is missing");
        if (spoolMaxBytes < (1 << 20)) p.add("spool.max-size: must be at least 1MB");
        if (heartbeatInterval == null || heartbeatInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            p.add("heartbeat-interval: must be at least 1s");
        }
        for (String z : internalZones == null ? List.<String>of() : internalZones) {
            if (!ZONE.matcher(z).matches()) {
                p.add("pseudonymise.internal-zones: '" + z + "' is not a DNS zone (labels of letters, digits and '-', joined by dots)");
            }
        }
        if (internalZones != null && !internalZones.isEmpty() && pseudonymiseKeyFile == null) {
            p.add("pseudonymise.internal-zones: names are pseudonymised with the key: set pseudonymise.key-file too");
        }
        if (evidence != null && evidence.on()) {
            if (evidence.snaplen() < 64 || evidence.snaplen() > 262144) {
                p.add("evidence.snaplen: " + evidence.snaplen() + " must be 64..262144");
            }
            if (evidence.maxBytes() < 16L << 20) p.add("evidence.max-size: at least 16MB, not " + evidence.maxBytes());
            if (evidence.keepBytes() < 1L << 20) p.add("evidence.keep-size: at least 1MB, not " + evidence.keepBytes());
            if (evidence.keep() == null || evidence.keep().compareTo(Duration.ofHours(1)) < 0) {
                p.add("evidence.keep: at least 1h");
            }
            if (pseudonymiseKeyFile != null && !evidence.withPseudonyms()) {
                // the ring holds packets as captured: real internal addresses behind every pseudonym
                p.add("evidence.dir: pseudonymisation is on and the ring keeps packets with their real addresses; "
                        + "set evidence.with-pseudonyms: true to keep them knowingly (docs/dpia.md)");
            }
        }
        return p;
    }

    static String hostname() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h.replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
