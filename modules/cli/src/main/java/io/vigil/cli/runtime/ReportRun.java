package io.vigil.cli.runtime;

import io.vigil.cli.ExitCodes;
import io.vigil.model.WeeklySummary;
import io.vigil.notifier.channel.DeliveryException;
import io.vigil.notifier.channel.EmailChannel;
import io.vigil.reporter.Reporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A week's reports written and, where a mail channel is given, mailed: what {@code vigil report}
 * and the standalone box's weekly schedule both do with the {@link Reporter}'s inputs. The
 * reporter knows nothing of the notifier; this is where its e-mail channel carries the report.
 */
public final class ReportRun {

    private ReportRun() {}

    /** Writes each site's report into {@code out} and mails it with {@code mailer} (may be null); the exit code. */
    public static int run(Reporter.Inputs in, String week, List<String> asked, Map<String, WeeklySummary.Capacity> links,
            Path out, EmailChannel mailer) throws IOException {
        Set<String> sites = Reporter.sites(in, week, asked);
        if (sites.isEmpty()) {
            System.err.println("vigil report: no alerts were raised in " + week + "; name a site with --site for an empty report");
            return ExitCodes.OK;
        }
        for (Reporter.Written w : Reporter.write(in, week, sites, links, out)) {
            System.err.println("vigil report: " + w.html() + " (" + w.summary().alerts() + " alerts, "
                    + w.summary().notable().size() + " worth a look)");
            if (mailer == null) continue;
            try {
                mail(mailer, w);
                System.err.println("vigil report: mailed " + w.site() + " " + week + " with channel " + mailer.name());
            } catch (DeliveryException e) {
                System.err.println("vigil report: not mailed: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
        }
        return ExitCodes.OK;
    }

    private static void mail(EmailChannel mailer, Reporter.Written w) throws IOException, DeliveryException {
        String html = Files.readString(w.html());
        mailer.sendDocument("[Vigil] weekly summary: " + w.site() + " " + w.week(), w.text(), html, List.of(
                new EmailChannel.Attachment(w.html().getFileName().toString(), "text/html; charset=UTF-8",
                        html.getBytes(StandardCharsets.UTF_8)),
                new EmailChannel.Attachment(w.csv().getFileName().toString(), "text/csv; charset=UTF-8", Files.readAllBytes(w.csv())),
                new EmailChannel.Attachment(w.json().getFileName().toString(), "application/json", Files.readAllBytes(w.json()))));
    }
}
