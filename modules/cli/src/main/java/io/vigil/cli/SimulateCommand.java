package io.vigil.cli;

import io.vigil.model.Json;
import io.vigil.simulator.BenignDay;
import io.vigil.simulator.Scenario;
import io.vigil.simulator.Scenarios;
import io.vigil.simulator.packet.Framing;
import io.vigil.runtime.pcap.LinkType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil simulate}: writes a scenario's capture and its label file. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Write a simulated capture of a scenario, with its ground-truth labels.",
                "The label file (FILE.labels.json) names each attack: type, attacker, victims, from, to."})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--scenario", required = true, paramLabel = "NAME",
            description = "one of: demo, benign, benign-day, port-scan, host-sweep, syn-flood, brute-force, exfiltration, "
                    + "beaconing, dns-tunnel, insecure-protocol, volume-anomaly, flow-quirks, beaconing-fast, beaconing-slow, "
                    + "exfiltration-new-host, exfiltration-slow, dns-tunnel-iodine, dns-tunnel-direct")
    String scenario;

    @Option(names = "--hours", defaultValue = "24", description = "benign-day only: how many hours (default: ${DEFAULT-VALUE})")
    int hours;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "capture file to write")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--format", defaultValue = "pcap", description = "pcap or pcapng (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--link", defaultValue = "ethernet",
            description = "link type: ethernet, sll, sll2 or raw (default: ${DEFAULT-VALUE})")
    String link;

    @Option(names = "--vlan", defaultValue = "0", description = "802.1Q VLAN id for Ethernet frames (0: untagged)")
    int vlan;

    @Option(names = "--nanos", description = "nanosecond timestamps")
    boolean nanos;

    @Override
    public Integer call() throws IOException {
        if (scenario.equals("benign-day")) {
            if (hours < 1 || hours > 24 * 14) throw new UserException("--hours must be 1..336");
            Path dir = out.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) throw new UserException(out + ": directory does not exist (--out)");
            long n = BenignDay.write(out, seed, hours);
            Files.writeString(Path.of(out + ".labels.json"), "[]\n");
            System.err.printf("vigil simulate: %s: %,d packets over %d hours (snapped at 256 bytes); no attacks: labels "
                    + "are empty%n", out, n, hours);
            return ExitCodes.OK;
        }
        Scenario s;
        try {
            s = Scenarios.byName(scenario, seed);
        } catch (IllegalArgumentException e) {
            throw new UserException("--scenario: " + e.getMessage());
        }
        LinkType lt;
        switch (link) {
            case "ethernet": lt = LinkType.ETHERNET; break;
            case "sll": lt = LinkType.LINUX_SLL; break;
            case "sll2": lt = LinkType.LINUX_SLL2; break;
            case "raw": lt = LinkType.RAW; break;
            default: throw new UserException("--link '" + link + "' must be ethernet, sll, sll2 or raw");
        }
        if (!format.equals("pcap") && !format.equals("pcapng")) {
            throw new UserException("--format '" + format + "' must be pcap or pcapng");
        }
        if (vlan < 0 || vlan > 4094) throw new UserException("--vlan must be 0..4094");
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) throw new UserException(out + ": directory does not exist (--out)");
        s.traffic().write(out, new Framing(lt, vlan), nanos, format.equals("pcapng"));
        Path labels = Path.of(out + ".labels.json");
        Files.writeString(labels, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(s.labels()) + "\n");
        System.err.printf("vigil simulate: %s: %,d packets; labels in %s%n", out, s.traffic().size(), labels);
        return ExitCodes.OK;
    }
}
