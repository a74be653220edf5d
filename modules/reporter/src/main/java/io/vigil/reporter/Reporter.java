package io.vigil.reporter;

import io.vigil.model.Alert;
import io.vigil.model.Heartbeat;
import io.vigil.model.Json;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.SiteTraffic;
import io.vigil.model.Topic;
import io.vigil.model.Topics;
import io.vigil.model.WeeklySummary;
import io.vigil.runtime.FileProblem;
import io.vigil.runtime.TopicReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The reporter's whole job for one week: read what happened — from a running cluster, or from
 * the files {@code vigil analyze} wrote —, choose the sites, and write each site's report as
 * HTML with charts, JSON and CSV. {@code vigil report} and the standalone box's weekly schedule
 * both call this; they only parse their options, mail what was written and say what happened.
 * A bad input is an {@link IllegalArgumentException} whose message is the one line to print.
 */
public final class Reporter {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

    /**
     * What a week's reports are made from.
     *
     * @param attempts the notification audit; null offline, where nothing was notified
     * @param beats collector heartbeats; null when none were read (the report says nothing of uptime)
     * @param decisions triage and suppressions; null offline
     */
    public record Inputs(List<Alert> records, List<NotificationAttempt> attempts, List<SiteTraffic> traffic,
                         List<Heartbeat> beats, TriageSummary.Decisions decisions) {}

    /** One site's report as written: its summary, its three files and the plain-text body for mail. */
    public record Written(String site, String week, WeeklySummary summary, Path html, Path json, Path csv, String text) {}

    private Reporter() {}

    /**
     * The records of the week {@code week} and the week before (for the trend) from a running
     * cluster, found by when they were written; records that do not decode are said through
     * {@code say} and not counted.
     */
    public static Inputs fromCluster(Map<String, Object> clientProps, Topics topics, String week, Consumer<String> say) {
        Instant since = Summaries.week(week)[0].minus(Duration.ofDays(7));
        List<Alert> records = read(clientProps, topics.alertRecords(), since, say);
        List<NotificationAttempt> attempts = read(clientProps, topics.notificationRecords(), since, say);
        List<SiteTraffic> traffic = read(clientProps, topics.trafficRecords(), since, say);
        // what people decided: triage of the weeks' alerts, and every suppression as it stands
        TriageSummary.Decisions decisions = new TriageSummary.Decisions(read(clientProps, topics.triageRecords(), since, say),
                TopicReader.current(clientProps, topics.suppressionRecords(), READ_TIMEOUT).values());
        List<Heartbeat> beats = null;
        try {
            beats = read(clientProps, topics.heartbeatRecords(), since, say);
        } catch (IllegalStateException e) {
            say.accept("no collector heartbeats (" + e.getMessage() + ")");
        }
        return new Inputs(records, attempts, traffic, beats, decisions);
    }

    /** Alerts (and the sites' bandwidth, if {@code traffic} is given) from the JSON lines {@code vigil analyze} wrote. */
    public static Inputs fromFiles(Path alerts, Path traffic) {
        List<Alert> records = readLines(alerts, "--alerts", Alert.class, Alert::problems);
        List<SiteTraffic> t = traffic == null ? List.of() : readLines(traffic, "--traffic", SiteTraffic.class, SiteTraffic::problems);
        return new Inputs(records, null, t, null, null);
    }

    /** The ISO week of the newest alert given, or of now. */
    public static String weekOfNewest(List<Alert> records) {
        return records.stream().map(a -> a.raisedAt() != null ? a.raisedAt() : a.firstSeen())
                .max(Comparator.naturalOrder()).map(Summaries::weekOf).orElse(Summaries.weekOf(Instant.now()));
    }

    /** The sites asked for; else every site with alerts that week or whose edge was seen (a quiet week is worth a page too). */
    public static Set<String> sites(Inputs in, String week, List<String> asked) {
        Set<String> which = new LinkedHashSet<>(asked);
        if (!which.isEmpty()) return which;
        which.addAll(Summaries.sites(Summaries.latest(in.records()), week));
        Instant[] w = Summaries.week(week);
        in.traffic().stream().filter(t -> !t.minute().isBefore(w[0]) && t.minute().isBefore(w[1]))
                .map(SiteTraffic::site).sorted().forEach(which::add);
        return which;
    }

    /** Writes {@code vigil-SITE-WEEK.html}, {@code .json} and {@code .csv} into {@code out} for each site. */
    public static List<Written> write(Inputs in, String week, Set<String> sites, Map<String, WeeklySummary.Capacity> links,
            Path out) throws IOException {
        List<Alert> alerts = Summaries.latest(in.records());
        List<NotificationAttempt> attempts = in.attempts() == null ? List.of() : in.attempts();
        Files.createDirectories(out);
        List<Written> written = new ArrayList<>();
        for (String site : sites) {
            WeeklySummary s = Summaries.build(site, week, alerts, in.attempts(), in.traffic(), in.beats(), links.get(site),
                    Instant.now(), in.decisions());
            String base = "vigil-" + site.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + week;
            Path html = Files.writeString(out.resolve(base + ".html"), ReportHtml.render(s));
            Path json = Files.writeString(out.resolve(base + ".json"), Json.write(s) + "\n");
            Path csv = Files.writeString(out.resolve(base + ".csv"), ReportCsv.alerts(site, week, alerts, attempts));
            written.add(new Written(site, week, s, html, json, csv, text(s)));
        }
        return written;
    }

    /** The plain-text body: the headline figures, for mail clients that show no HTML. */
    static String text(WeeklySummary s) {
        StringBuilder sb = new StringBuilder("Vigil weekly summary: " + s.site() + ", week " + s.week() + "\n\n");
        if (s.lead() != null) sb.append(s.lead()).append("\n\n");
        sb.append(s.alerts()).append(" alerts raised (").append(s.previousWeekAlerts()).append(" the week before)\n");
        s.bySeverity().forEach((k, v) -> {
            if (v > 0) sb.append("  ").append(k).append(": ").append(v).append('\n');
        });
        if (s.notification().p50Ms() != null) {
            sb.append("Median time from detection to notification: ").append(s.notification().p50Ms()).append(" ms\n");
        }
        sb.append("\nAlerts worth a look:\n");
        for (WeeklySummary.Line l : s.notable()) sb.append("- ").append(l.severity()).append(' ').append(l.summary()).append('\n');
        if (s.notable().isEmpty()) sb.append("- none\n");
        sb.append("\nThe full report (charts, hosts, bandwidth) is attached as HTML; the alerts as CSV.\n");
        return sb.toString();
    }

    private static <T> List<T> read(Map<String, Object> props, Topic<String, T> topic, Instant since, Consumer<String> say) {
        TopicReader.Result<T> r = TopicReader.readSince(props, topic, since, READ_TIMEOUT);
        if (r.skipped() > 0) say.accept(r.skipped() + " record(s) on " + topic.name() + " did not decode and are not counted");
        return r.values();
    }

    /** JSON lines of one record type; a line that is not one is one problem with its line number. */
    static <T> List<T> readLines(Path file, String option, Class<T> type, Function<T, List<String>> check) {
        String what = type == Alert.class ? "an alert" : "a " + type.getSimpleName() + " record";
        List<T> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                try {
                    T a = Json.read(line, type);
                    List<String> problems = check.apply(a);
                    if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
                    out.add(a);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + n + ": not " + what + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(FileProblem.of(file, e) + " (" + option + ")");
        }
        return out;
    }
}
