package io.vigil.cli;

import io.vigil.cli.runtime.AlertCard;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.OfflinePipeline;
import io.vigil.cli.runtime.Terminal;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.model.Alert;
import io.vigil.model.Lifecycle;
import io.vigil.model.NotificationAttempt;
import io.vigil.notifier.NotifierConfig;
import io.vigil.notifier.channel.ConsoleChannel;
import io.vigil.simulator.Scenario;
import io.vigil.simulator.Scenarios;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil demo}: makes a small capture of an ordinary morning with a port scan in it,
 * runs the whole pipeline on the in-process broker, and shows the alert as an analyst sees it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Make a capture with ordinary traffic and a port scan, run the whole pipeline on an "
                + "in-process broker, and show the alert.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--keep", paramLabel = "FILE", description = "also keep the demo capture at FILE")
    Path keep;

    @Option(names = "--seed", defaultValue = "1", description = "random seed of the simulated traffic (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--tls", description = "run the broker with TLS only (its own CA, TLS 1.3/1.2), as a real site must")
    boolean tls;

    @Option(names = "--console", description = "then keep running with the analysts' console on https://127.0.0.1:"
            + DemoConsole.PORT + ", and print how to sign in (Ctrl-C to stop)")
    boolean withConsole;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        boolean color = Terminal.stdout();
        Path dir = Files.createTempDirectory("vigil-demo-");
        try {
            Scenario scenario = Scenarios.demo(seed);
            Path capture = keep != null ? keep : dir.resolve("demo.pcap");
            scenario.traffic().write(capture);
            out.println(bold("Vigil demo", color) + " — collector → Kafka → detector → notifier, on an in-process broker");
            out.println();
            out.printf("  capture   3 minutes of a care provider's internet edge (%,d packets, %.1f MB): outside visitors%n",
                    scenario.traffic().size(), Files.size(capture) / 1e6);
            out.println("            on the web server, staff browsing and resolving names, a monitoring probe,");
            out.println("            and at 09:01:30 an unannounced SYN scan of the web server from the internet");
            out.println("            " + capture);
            try (KafkaEndpoint kafka = KafkaEndpoint.embedded(Map.of(), tls)) {
                out.printf("  broker    Kafka %s (KRaft, single node) in-process on %s, started in %.1f s%n",
                        AppInfoParser.getVersion(),
                        kafka.clientProps().get("bootstrap.servers"), kafka.embeddedStartMillis() / 1000.0);
                if (tls) {
                    out.println("            TLS only on both listeners (TLSv1.3, TLSv1.2), a certificate from its own CA that");
                    out.println("            every client checks; TLSv1.1 and older are refused");
                }
                out.println("  pipeline  flows to vigil.flows.v1; detector is Kafka Streams (exactly-once);");
                out.println("            alerts to vigil.alerts.v1; the notifier prints what it delivers:");
                out.println();
                ConsoleChannel console = new ConsoleChannel(out, color);
                OfflinePipeline.Result r;
                try {
                    r = OfflinePipeline.run(kafka, new OfflinePipeline.Settings(List.of(capture), "demo",
                            scenario.internal(), 2, true, Duration.ofMinutes(5), List.of(console),
                            NotifierConfig.defaults(), true, false, List.of()));
                } catch (CaptureInputException e) {
                    throw new UserException(e.getMessage());
                }
                out.println();
                for (Alert a : r.alerts()) out.print(AlertCard.render(a, color));
                out.println();
                out.printf("  %,d packets → %,d flow records → %d alert%s (%d records), %d delivered by the notifier%n",
                        r.outcome().packets(), r.flows(), r.alerts().size(), r.alerts().size() == 1 ? "" : "s",
                        r.alertRecords(), r.notified());
                long[] notify = r.audit().stream().filter(n -> "delivered".equals(n.outcome()) && Lifecycle.RAISED.is(n.event()))
                        .mapToLong(NotificationAttempt::latencyMs).toArray();
                if (notify.length > 0) {
                    out.printf("  the notifier delivered the alert %d ms after the detector raised it (audit trail: "
                            + "vigil.notifications.v1)%n", notify[0]);
                }
                out.printf("  read and published in %.1f s, detector done %.1f s later; whole demo %.1f s%n",
                        r.readMillis() / 1000.0, r.detectMillis() / 1000.0, (System.nanoTime() - t0) / 1e9);
                out.println("  Try it on your own capture:  bin/vigil analyze --internal 10.0.0.0/8 YOUR.pcap");
                if (r.alerts().isEmpty()) {
                    System.err.println("vigil demo: the scan was not detected; this is a bug");
                    return ExitCodes.FAILURE;
                }
                if (withConsole) DemoConsole.run(kafka, dir.resolve("console"), out, color);
            }
            return ExitCodes.OK;
        } finally {
            OfflinePipeline.deleteTree(dir);
        }
    }

    private static String bold(String s, boolean color) {
        return color ? "\u001b[1m" + s + "\u001b[0m" : s;
    }
}
