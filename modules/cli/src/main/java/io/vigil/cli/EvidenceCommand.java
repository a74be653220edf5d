package io.vigil.cli;

import io.vigil.cli.config.RunningCluster;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.model.Alert;
import io.vigil.model.EvidenceRequest;
import io.vigil.runtime.EvidenceFetch;
import io.vigil.runtime.config.Units;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil evidence get}: the packets behind an alert, fetched through Kafka from its site's collector. */
@Command(name = "evidence", mixinStandardHelpOptions = true,
        description = "The packets behind alerts, kept by each site's collector (docs/evidence.md).",
        subcommands = EvidenceCommand.Get.class)
final class EvidenceCommand {

    @Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Fetches ALERT_ID's packets as a pcap from the collector of the alert's site, through Kafka.",
                    "The request is recorded on vigil.evidence-requests.v1 with --by and the time (the audit of who "
                            + "fetched which packets); the answer comes in chunks whose whole is checked against the "
                            + "SHA-256 the collector states. Exit 0 with the file written; 1 when the collector has no "
                            + "packets to give (expired, none, unavailable) or none answered; 2 for an unknown alert."})
    static final class Get implements Callable<Integer> {

        @Mixin
        ClusterOptions clusterOptions;

        @Parameters(paramLabel = "ALERT_ID", description = "the alert's id, as the console and notifications show it")
        String alertId;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "where the pcap goes")
        Path out;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
                description = "how long to wait for the collector's answer (default: ${DEFAULT-VALUE})")
        String timeout;

        @Option(names = "--by", paramLabel = "NAME", description = "who asks, for the audit (default: the user running it)")
        String by;

        @Override
        public Integer call() throws IOException {
            Duration wait = Units.duration(timeout);
            if (wait == null || wait.isZero() || wait.isNegative()) throw new UserException("--timeout: '" + timeout + "' is not a duration (60s, 5m)");
            RunningCluster cluster = clusterOptions.cluster("vigil evidence get asks a running Vigil's collectors: "
                    + "give --bootstrap HOST:PORT or --config FILE with kafka.bootstrap.servers");
            EvidenceFetch.Result r;
            Alert alert;
            try (KafkaEndpoint endpoint = cluster.connect()) {
                alert = EvidenceFetch.findAlert(endpoint.clientProps(), cluster.topics(), alertId, Duration.ofSeconds(60))
                        .orElseThrow(() -> new UserException("no alert " + alertId + " on " + cluster.topics().alerts()));
                EvidenceRequest req = EvidenceRequest.about(alert, UUID.randomUUID().toString(), EvidenceRequest.FETCH,
                        by != null ? by : System.getProperty("user.name", "unknown"), Instant.now(), "cli");
                if (req.empty()) {
                    throw new UserException("alert " + alertId + " (" + alert.type().wire() + ") names no address: "
                            + "it has no packets", ExitCodes.FAILURE);
                }
                r = EvidenceFetch.fetch(endpoint.clientProps(), cluster.topics(), req, wait);
            } catch (IllegalStateException | KafkaException e) {
                throw new UserException(e.getMessage());
            }
            if (!r.hasPackets()) {
                throw new UserException("no packets for alert " + alertId + ": " + r.status()
                        + (r.reason() != null ? " (" + r.reason() + ")" : "")
                        + (r.collector() != null ? " — collector " + r.collector() : ""), ExitCodes.FAILURE);
            }
            Path tmp = (out.toAbsolutePath().getParent() == null ? Path.of(".") : out.toAbsolutePath().getParent())
                    .resolve("." + out.getFileName() + ".part");
            Files.write(tmp, r.pcap());
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("wrote " + out + ": " + r.packets() + " packets, " + r.pcap().length + " bytes, from collector "
                    + r.collector() + (r.status().equals("partial") ? " (partial: " + r.reason() + ")" : ""));
            return ExitCodes.OK;
        }
    }
}
