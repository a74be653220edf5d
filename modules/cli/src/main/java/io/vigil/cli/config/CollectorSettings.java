package io.vigil.cli.config;

import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.OpsServer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.collector.CollectorConfig;
import io.vigil.collector.flow.FlowTableConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a {@link CollectorConfig} and the ops settings out of a {@link ConfigTree}. */
public final class CollectorSettings {

    public record Loaded(CollectorConfig config, OpsServer.Settings ops, List<String> problems, ObjectNode effective) {}

    private CollectorSettings() {}

    public static Loaded read(ConfigTree t) {
        CollectorConfig d = CollectorConfig.defaults();
        CollectorConfig.Capture dc = d.capture();
        FlowTableConfig df = d.flow();
        List<String> files = t.list("capture.files", List.of());
        List<Path> paths = new ArrayList<>();
        files.forEach(f -> paths.add(Path.of(f)));
        CollectorConfig.Capture capture = new CollectorConfig.Capture(
                t.string("capture.interface", null), paths,
                t.integer("capture.snaplen", dc.snaplen()),
                t.bool("capture.promiscuous", dc.promiscuous()),
                t.bytes("capture.buffer-size", dc.bufferBytes()),
                t.string("capture.filter", dc.bpf()));
        FlowTableConfig flow = new FlowTableConfig(
                t.duration("flow.active-timeout", df.activeTimeout()),
                t.duration("flow.tcp-idle", df.tcpIdle()),
                t.duration("flow.tcp-handshake", df.tcpHandshake()),
                t.duration("flow.tcp-closed", df.tcpClosed()),
                t.duration("flow.udp-idle", df.udpIdle()),
                t.duration("flow.dns-idle", df.dnsIdle()),
                t.duration("flow.dns-active", df.dnsActive()),
                t.duration("flow.icmp-idle", df.icmpIdle()),
                t.duration("flow.other-idle", df.otherIdle()),
                t.integer("flow.max-flows", df.maxFlows()));
        Map<String, String> kafka = t.section("kafka");
        CollectorConfig c = new CollectorConfig(
                t.string("site", null),
                t.string("collector-id", d.collectorId()),
                t.list("internal", d.internal()),
                capture, flow,
                t.string("namespace", d.namespace()),
                kafka,
                t.path("spool.dir", d.spoolDir()),
                t.bytes("spool.max-size", d.spoolMaxBytes()),
                t.duration("heartbeat-interval", d.heartbeatInterval()),
                t.path("pseudonymise.key-file", null));
        OpsServer.Settings ops = OpsServer.Settings.read(t);
        List<String> problems = new ArrayList<>(t.problems());
        for (String p : c.problems()) {
            // bootstrap may come from the embedded default, decided by the caller
            if (!p.startsWith("kafka.bootstrap.servers")) problems.add(p);
        }
        problems.addAll(ops.problems());
        problems.addAll(KafkaEndpoint.problems(kafka));
        if (c.pseudonymiseKeyFile() != null) {
            // the same reading the collector does at start: length and who else can read it
            try {
                io.vigil.collector.privacy.HmacPseudonymizer.fromKeyFile(c.pseudonymiseKeyFile());
            } catch (IllegalArgumentException e) {
                problems.add("pseudonymise.key-file: " + e.getMessage());
            }
        }
        return new Loaded(c, ops, t.located(problems), effective(c, ops));
    }

    /** The effective settings in the config file's own shape, for {@code --check}. */
    private static ObjectNode effective(CollectorConfig c, OpsServer.Settings ops) {
        ObjectNode n = ConfigTree.YAML.createObjectNode();
        n.put("site", c.site());
        n.put("collector-id", c.collectorId());
        c.internal().forEach(n.putArray("internal")::add);
        ObjectNode cap = n.putObject("capture");
        if (c.capture().iface() != null) cap.put("interface", c.capture().iface());
        if (!c.capture().files().isEmpty()) c.capture().files().forEach(f -> cap.withArray("files").add(f.toString()));
        cap.put("snaplen", c.capture().snaplen());
        cap.put("promiscuous", c.capture().promiscuous());
        cap.put("buffer-size", (c.capture().bufferBytes() >> 20) + "MB");
        cap.put("filter", c.capture().bpf());
        ObjectNode f = n.putObject("flow");
        f.put("active-timeout", c.flow().activeTimeout().toSeconds() + "s");
        f.put("tcp-idle", c.flow().tcpIdle().toSeconds() + "s");
        f.put("tcp-handshake", c.flow().tcpHandshake().toSeconds() + "s");
        f.put("tcp-closed", c.flow().tcpClosed().toSeconds() + "s");
        f.put("udp-idle", c.flow().udpIdle().toSeconds() + "s");
        f.put("dns-idle", c.flow().dnsIdle().toSeconds() + "s");
        f.put("dns-active", c.flow().dnsActive().toSeconds() + "s");
        f.put("icmp-idle", c.flow().icmpIdle().toSeconds() + "s");
        f.put("other-idle", c.flow().otherIdle().toSeconds() + "s");
        f.put("max-flows", c.flow().maxFlows());
        ObjectNode k = n.putObject("kafka");
        c.kafka().forEach(k::put);
        n.put("namespace", c.namespace());
        ObjectNode s = n.putObject("spool");
        s.put("dir", c.spoolDir().toString());
        s.put("max-size", (c.spoolMaxBytes() >> 20) + "MB");
        n.put("heartbeat-interval", c.heartbeatInterval().toSeconds() + "s");
        if (c.pseudonymiseKeyFile() != null) n.putObject("pseudonymise").put("key-file", c.pseudonymiseKeyFile().toString());
        ObjectNode m = n.putObject("metrics");
        m.put("bind", ops.bind());
        m.put("port", ops.port());
        if (ops.keystore() != null) {
            m.put("tls-keystore", ops.keystore().toString());
            m.put("tls-keystore-password", ops.keystorePassword());
        }
        return n;
    }
}
