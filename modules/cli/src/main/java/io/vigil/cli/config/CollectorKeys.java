package io.vigil.cli.config;

import io.vigil.runtime.config.Setting;
import static io.vigil.runtime.config.Setting.duration;
import static io.vigil.runtime.config.Setting.flag;
import static io.vigil.runtime.config.Setting.list;
import static io.vigil.runtime.config.Setting.number;
import static io.vigil.runtime.config.Setting.path;
import static io.vigil.runtime.config.Setting.size;
import static io.vigil.runtime.config.Setting.text;

import io.vigil.collector.CollectorConfig;
import io.vigil.collector.flow.FlowTableConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The collector's settings, each declared once (see {@link Setting}). */
public final class CollectorKeys {

    private static final CollectorConfig D = CollectorConfig.defaults();
    private static final CollectorConfig.Capture DC = D.capture();
    private static final FlowTableConfig DF = D.flow();

    public static final Setting<String> SITE = text("site", null, "the site this gateway watches (required)").flag("--site", "NAME");
    public static final Setting<String> COLLECTOR_ID = text("collector-id", null,
            "this agent's name, unique across the estate (default: `collector-` and the host name)").flag("--collector-id", "ID");
    public static final Setting<List<String>> INTERNAL = list("internal", D.internal(),
            "the site's own networks (CIDRs): what is inside the edge").flag("--internal", "CIDR");
    public static final Setting<String> INTERFACE = text("capture.interface", null, "live interface to capture on").flag("--interface", "IF");
    public static final Setting<List<String>> FILES = list("capture.files", List.of(),
            "capture files (pcap, pcapng) to replay instead, in order").flag("--read", "PCAP");
    public static final Setting<String> NETFLOW = text("capture.netflow", null,
            "receive NetFlow v5/v9/IPFIX on this UDP [BIND:]PORT instead of capturing (an exporter's gateway)")
            .flag("--netflow", "[BIND:]PORT");
    public static final Setting<Integer> SNAPLEN = number("capture.snaplen", DC.snaplen(),
            "bytes kept of each packet (96..262144): headers and the payload that names the protocol").flag("--snaplen", "BYTES");
    public static final Setting<Boolean> PROMISCUOUS = flag("capture.promiscuous", DC.promiscuous(),
            "see traffic not addressed to the gateway (a span port)").flag("--no-promiscuous", null);
    public static final Setting<Long> BUFFER = size("capture.buffer-size", DC.bufferBytes(),
            "the kernel's capture buffer (1MB..2GB)").flag("--buffer-size", "SIZE");
    public static final Setting<String> FILTER = text("capture.filter", DC.bpf(), "a BPF filter (tcpdump syntax)").flag("--filter", "BPF");
    public static final Setting<Duration> ACTIVE = duration("flow.active-timeout", DF.activeTimeout(),
            "a long flow is reported this often while it lasts");
    public static final Setting<Duration> TCP_IDLE = duration("flow.tcp-idle", DF.tcpIdle(), "an established TCP flow ends after this silence");
    public static final Setting<Duration> TCP_HANDSHAKE = duration("flow.tcp-handshake", DF.tcpHandshake(),
            "an unanswered or half-open TCP attempt ends after this");
    public static final Setting<Duration> TCP_CLOSED = duration("flow.tcp-closed", DF.tcpClosed(), "a TCP flow ends this long after FIN or RST");
    public static final Setting<Duration> UDP_IDLE = duration("flow.udp-idle", DF.udpIdle(), "a UDP flow ends after this silence");
    public static final Setting<Duration> DNS_IDLE = duration("flow.dns-idle", DF.dnsIdle(), "a DNS flow ends after this silence");
    public static final Setting<Duration> DNS_ACTIVE = duration("flow.dns-active", DF.dnsActive(),
            "a busy DNS flow is reported this often (tunnels are judged on it)");
    public static final Setting<Duration> ICMP_IDLE = duration("flow.icmp-idle", DF.icmpIdle(), "an ICMP flow ends after this silence");
    public static final Setting<Duration> OTHER_IDLE = duration("flow.other-idle", DF.otherIdle(), "any other flow ends after this silence");
    public static final Setting<Integer> MAX_FLOWS = number("flow.max-flows", DF.maxFlows(),
            "flows held at once; beyond it the oldest are reported early (counted)");
    public static final Setting<String> FLOW_ENCODING = text("flow.encoding", "json",
            "how flow records go to Kafka: `json` (the contract every reader knows) or `binary` (the compact encoding "
                    + "in docs/contracts.md, cheaper for the detector; read by detectors and consoles of this release, "
                    + "so switch once they are upgraded)")
            .check(v -> v.equals("json") || v.equals("binary") ? null : "json or binary, not " + v);
    public static final Setting<Path> SPOOL_DIR = path("spool.dir", D.spoolDir(), "where flows wait while Kafka is away").flag("--spool-dir", "DIR");
    public static final Setting<Long> SPOOL_MAX = size("spool.max-size", D.spoolMaxBytes(),
            "the spool's bound; beyond it flows are dropped, counted and logged");
    public static final Setting<Duration> HEARTBEAT = duration("heartbeat-interval", D.heartbeatInterval(),
            "how often the collector says it is alive (the detector reports a silent one)");
    public static final Setting<Path> PSEUDONYMISE = path("pseudonymise.key-file", null,
            "HMAC key (32+ bytes, readable by the owner only): internal addresses leave the gateway pseudonymised")
            .flag("--pseudonymise-key", "FILE");
    public static final Setting<Path> EVIDENCE_DIR = path("evidence.dir", null,
            "the packet ring behind alerts' evidence (docs/evidence.md); none: no ring");
    public static final Setting<Long> EVIDENCE_MAX_SIZE = Setting.size("evidence.max-size", CollectorConfig.Evidence.OFF.maxBytes(),
            "the ring's size on disk: the oldest packets go first");
    public static final Setting<Duration> EVIDENCE_MAX_AGE = Setting.duration("evidence.max-age",
            CollectorConfig.Evidence.OFF.maxAge(), "how long the ring keeps a packet at most");
    public static final Setting<Integer> EVIDENCE_SNAPLEN = Setting.number("evidence.snaplen",
            CollectorConfig.Evidence.OFF.snaplen(), "bytes kept of each packet: 128 keeps headers and the first payload "
                    + "bytes; more keeps content (docs/dpia.md)");
    public static final Setting<Boolean> EVIDENCE_WITH_PSEUDONYMS = Setting.flag("evidence.with-pseudonyms", false,
            "keep the ring although flows leave pseudonymised (the ring holds real addresses)");
    public static final Setting<Duration> EVIDENCE_KEEP = Setting.duration("evidence.keep",
            CollectorConfig.Evidence.OFF.keep(), "how long the packets cut for an alert are kept after the ring has wrapped");
    public static final Setting<Long> EVIDENCE_KEEP_SIZE = Setting.size("evidence.keep-size",
            CollectorConfig.Evidence.OFF.keepBytes(), "the bound on the alerts' kept packets: the oldest cuts go first");
    public static final Setting<List<String>> INTERNAL_ZONES = Setting.list("pseudonymise.internal-zones", List.of(),
            "DNS zones of the site's own hosts (`corp.example-trust.nhs.uk`): with a key, a name in one leaves the "
                    + "gateway as `name-HMAC.ZONE`, as reverse lookups of internal addresses always do");

    /** Every collector setting, in the order --check prints them. */
    public static final List<Setting<?>> ALL;

    static {
        List<Setting<?>> all = new ArrayList<>(List.of(SITE, COLLECTOR_ID, INTERNAL, INTERFACE, FILES, NETFLOW, SNAPLEN, PROMISCUOUS,
                BUFFER, FILTER, ACTIVE, TCP_IDLE, TCP_HANDSHAKE, TCP_CLOSED, UDP_IDLE, DNS_IDLE, DNS_ACTIVE, ICMP_IDLE,
                OTHER_IDLE, MAX_FLOWS, FLOW_ENCODING, CommonKeys.KAFKA, CommonKeys.NAMESPACE, SPOOL_DIR, SPOOL_MAX, HEARTBEAT, PSEUDONYMISE,
                INTERNAL_ZONES, EVIDENCE_DIR, EVIDENCE_MAX_SIZE, EVIDENCE_MAX_AGE, EVIDENCE_SNAPLEN, EVIDENCE_WITH_PSEUDONYMS,
                EVIDENCE_KEEP, EVIDENCE_KEEP_SIZE));
        all.addAll(KafkaAuth.ALL);
        all.addAll(CommonKeys.metrics(9464));
        ALL = List.copyOf(all);
    }

    private CollectorKeys() {}

    /** The collector's configuration from what was read. */
    static CollectorConfig config(Setting.Values v, Map<String, String> kafka) {
        List<Path> files = v.get(FILES).stream().map(Path::of).toList();
        CollectorConfig.Capture capture = new CollectorConfig.Capture(v.get(INTERFACE), files, v.get(SNAPLEN),
                v.get(PROMISCUOUS), v.get(BUFFER), v.get(FILTER), v.get(NETFLOW));
        FlowTableConfig flow = new FlowTableConfig(v.get(ACTIVE), v.get(TCP_IDLE), v.get(TCP_HANDSHAKE), v.get(TCP_CLOSED),
                v.get(UDP_IDLE), v.get(DNS_IDLE), v.get(DNS_ACTIVE), v.get(ICMP_IDLE), v.get(OTHER_IDLE), v.get(MAX_FLOWS));
        String id = v.get(COLLECTOR_ID);
        return new CollectorConfig(v.get(SITE), id == null ? D.collectorId() : id, v.get(INTERNAL), capture, flow,
                v.get(CommonKeys.NAMESPACE), kafka, v.get(SPOOL_DIR), v.get(SPOOL_MAX), v.get(HEARTBEAT),
                v.get(PSEUDONYMISE), v.get(INTERNAL_ZONES), new CollectorConfig.Evidence(v.get(EVIDENCE_DIR),
                v.get(EVIDENCE_MAX_SIZE), v.get(EVIDENCE_MAX_AGE), v.get(EVIDENCE_SNAPLEN), v.get(EVIDENCE_WITH_PSEUDONYMS),
                v.get(EVIDENCE_KEEP), v.get(EVIDENCE_KEEP_SIZE)), v.get(FLOW_ENCODING).equals("binary"));
    }
}
