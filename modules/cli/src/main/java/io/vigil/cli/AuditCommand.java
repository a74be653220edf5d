package io.vigil.cli;

import io.vigil.cli.config.RunningCluster;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.Outputs;
import io.vigil.model.Json;
import io.vigil.model.NotificationAttempt;
import io.vigil.notifier.AuditTrail;
import io.vigil.runtime.config.ConfigTree;
import io.vigil.runtime.config.Units;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil audit}: the notification audit trail as a table, for a person or an auditor. */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The notification audit trail of a running Vigil, as a table.",
                "Every delivery attempt on vigil.notifications.v1 with its outcome and the time from detection "
                + "to delivery, then a per-channel summary. Reads the cluster given by --bootstrap or by the kafka "
                + "section of --config (the notifier's file)."})
final class AuditCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions clusterOptions;

    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "24h",
            description = "how far back: a duration (30m, 24h, 7d), a date (2026-11-24) or an instant "
                    + "(2026-11-24T08:00:00Z) (default: ${DEFAULT-VALUE})")
    String since;

    @Option(names = "--alert", paramLabel = "ID", description = "only this alert (a prefix of its id is enough)")
    String alert;

    @Option(names = "--channel", paramLabel = "NAME", description = "only this channel")
    String channel;

    @Option(names = "--outcome", paramLabel = "OUTCOME",
            description = "only this outcome: delivered, failed, dead_lettered, digested, acknowledged")
    String outcome;

    @Option(names = "--json", description = "one JSON object per line instead of the table")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "write here instead of stdout")
    Path out;

    @Override
    public Integer call() throws IOException {
        Instant from = parseSince(since, Instant.now());
        if (outcome != null && !List.of(NotificationAttempt.DELIVERED, NotificationAttempt.FAILED,
                NotificationAttempt.DEAD_LETTERED, NotificationAttempt.DIGESTED, NotificationAttempt.ACKNOWLEDGED)
                .contains(outcome)) {
            throw new UserException("--outcome: '" + outcome + "' is not one of delivered, failed, dead_lettered, "
                    + "digested, acknowledged");
        }
        RunningCluster cluster = clusterOptions.cluster("vigil audit reads a running cluster's audit trail: "
                + "give --bootstrap HOST:PORT or --config FILE with kafka.bootstrap.servers");
        Predicate<NotificationAttempt> filter = a -> (alert == null || a.alertId() != null && a.alertId().startsWith(alert))
                && (channel == null || channel.equals(a.channel())) && (outcome == null || outcome.equals(a.outcome()));
        List<NotificationAttempt> attempts;
        try (KafkaEndpoint endpoint = cluster.connect()) {
            attempts = AuditTrail.read(endpoint.clientProps(), cluster.topics(), from, filter, Duration.ofSeconds(60));
        } catch (IllegalStateException e) {
            throw new UserException(e.getMessage());
        }
        try (OutputStream os = Outputs.open(out)) {
            if (json) {
                for (NotificationAttempt a : attempts) os.write((Json.write(a) + "\n").getBytes(StandardCharsets.UTF_8));
            } else if (attempts.isEmpty()) {
                os.write(("no notification attempts since " + from + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                os.write(AuditTrail.table(attempts).getBytes(StandardCharsets.UTF_8));
                os.write(("\n" + AuditTrail.summary(attempts)).getBytes(StandardCharsets.UTF_8));
            }
        }
        return ExitCodes.OK;
    }

    /** A duration back from {@code now}, a date (its midnight UTC) or an instant. */
    static Instant parseSince(String s, Instant now) {
        String v = s.trim();
        Duration ago = Units.duration(v);
        if (ago != null) return now.minus(ago);
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            // not an instant; a date?
        }
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new UserException("--since: '" + s + "' is not a duration (24h), a date (2026-11-24) or an instant "
                    + "(2026-11-24T08:00:00Z)");
        }
    }
}
