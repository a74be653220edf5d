package io.vigil.cli;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.vigil.cli.config.NotifierSettings;
import io.vigil.cli.runtime.CaptureInputs;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.KafkaOptions;
import io.vigil.cli.runtime.OfflinePipeline;
import io.vigil.cli.runtime.Outputs;
import io.vigil.cli.runtime.Terminal;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.evidence.EvidenceCut;
import io.vigil.collector.evidence.EvidenceScope;
import io.vigil.model.Alert;
import io.vigil.model.Json;
import io.vigil.model.SiteTraffic;
import io.vigil.notifier.AuditTrail;
import io.vigil.notifier.NotifierConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil analyze}: captures in, alerts out, through the real pipeline. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Alerts from capture files, through collector → Kafka → detector.",
                "Writes one alert JSON object per line. The files are read in order as one continuous event-time "
                + "stream. An alert appears once, in its final state (an episode's updates are merged by id)."})
final class AnalyzeCommand implements Callable<Integer> {

    @Mixin
    InputOptions input;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--out", paramLabel = "FILE", description = "write alerts here instead of stdout")
    Path out;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "2",
            description = "partitions of the flows topic, i.e. detector parallelism (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "give up waiting for the detector after this long (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar or summary on stderr")
    boolean quiet;

    @Option(names = "--notify", paramLabel = "FILE",
            description = "also run the notifier with this config (channels, routes: the notifier's YAML) and print "
                    + "its audit trail; exit 1 if an alert could not be delivered")
    Path notify;

    @Option(names = "--traffic", paramLabel = "FILE",
            description = "also write the sites' bandwidth a minute (vigil.traffic.v1 records) here, for vigil report")
    Path traffic;

    @Option(names = "--indicators", paramLabel = "FILE", split = ",",
            description = "threat indicators to match (STIX 2.1 bundle, MISP event, CSV or line list; repeatable): "
                    + "last month's captures against today's bulletin")
    List<Path> indicatorFiles = List.of();

    @Option(names = "--evidence", paramLabel = "DIR",
            description = "also write, for each alert, the packets behind it as DIR/ALERT_ID.pcap (its hosts, "
                    + "first_seen - 60 s to last_seen + 60 s)")
    Path evidence;

    @Parameters(paramLabel = "PCAP", arity = "1..*", description = "pcap or pcapng files, in time order")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        if (partitions < 1 || partitions > 64) throw new UserException("--partitions must be 1..64, got " + partitions);
        NotifierSettings.Loaded notifier = null;
        if (notify != null) {
            // This run's broker and topics are the pipeline's own; the file's kafka and ack
            // sections (if any) are read for validity but not used.
            notifier = NotifierSettings.readValid(notify, System.err, Terminal.stderr());
        }
        OfflinePipeline.Settings settings = new OfflinePipeline.Settings(files, input.site(), input.internal(),
                partitions, quiet, Duration.ofSeconds(timeoutSeconds), notifier == null ? List.of() : notifier.channels(),
                notifier == null ? NotifierConfig.defaults() : notifier.config(), notifier != null,
                traffic != null, IndicatorFiles.read(indicatorFiles, quiet));
        CaptureInputs.preflight(files);
        OfflinePipeline.Result result;
        try (KafkaEndpoint endpoint = KafkaEndpoint.open(kafka)) {
            result = OfflinePipeline.run(endpoint, settings);
        } catch (CaptureInputException e) {
            throw new UserException(e.getMessage());
        }
        ObjectWriter writer = Json.MAPPER.writerFor(Alert.class);
        try (OutputStream os = Outputs.open(out)) {
            for (Alert a : result.alerts()) {
                os.write(writer.writeValueAsBytes(a));
                os.write('\n');
            }
        }
        if (!quiet) {
            System.err.printf("vigil analyze: %d packets, %d flow records, %d alerts (read %.1f s, detect %.1f s)%n",
                    result.outcome().packets(), result.flows(), result.alerts().size(),
                    result.readMillis() / 1000.0, result.detectMillis() / 1000.0);
        }
        if (evidence != null) writeEvidence(result.alerts());
        if (traffic != null) {
            try (OutputStream os = Outputs.open(traffic)) {
                for (SiteTraffic t : result.traffic()) os.write((Json.write(t) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        int code = CaptureInputs.reportDamage(result.outcome().files());
        if (notify != null) {
            if (!quiet && !result.audit().isEmpty()) {
                System.err.print("\nvigil analyze: notification audit trail\n" + AuditTrail.table(result.audit()) + "\n"
                        + AuditTrail.summary(result.audit()));
            }
            if (result.notified() < result.alertRecords()) {
                System.err.println("vigil analyze: " + (result.alertRecords() - result.notified()) + " of "
                        + result.alertRecords() + " alert records were not delivered on every channel within 60 s "
                        + "(see the audit trail above)");
                return ExitCodes.FAILURE;
            }
        }
        return code;
    }

    /** The packets behind each alert, cut from the same captures by the rule the live path uses. */
    private void writeEvidence(List<Alert> alerts) {
        List<EvidenceScope> scopes = alerts.stream().map(a -> EvidenceScope.of(a)).toList();
        List<EvidenceCut.Cut> cuts;
        try {
            cuts = EvidenceCut.cut(files, scopes, evidence);
        } catch (CaptureInputException e) {
            throw new UserException(e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new UserException("--evidence: " + e.getMessage() + ": " + e.getCause().getMessage());
        }
        if (quiet) return;
        long packets = cuts.stream().mapToLong(EvidenceCut.Cut::packets).sum();
        long none = scopes.stream().filter(EvidenceScope::empty).count();
        System.err.printf("vigil analyze: evidence: %d pcap file(s) in %s, %d packets, for %d of %d alerts%s%n", cuts.size(),
                evidence, packets, cuts.size(), alerts.size(), none == 0 ? "" : " (" + none + " name no address)");
        for (EvidenceCut.Cut c : cuts) {
            if (c.otherLinkType() > 0) {
                System.err.println("vigil analyze: evidence: " + c.file() + ": " + c.otherLinkType()
                        + " packets of another link type left out (a pcap has one)");
            }
        }
    }
}
