package io.vigil.notifier;

import io.vigil.model.Topics;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Notifier settings.
 *
 * @param groupId consumer group: instances sharing it share the partitions of the alerts topic
 * @param topics the topic namespace (alerts in, audit and dead letters out)
 * @param firstRetry wait before the first retry of a failed delivery; doubles up to {@code maxRetry}
 * @param maxRetry the longest wait between retries
 * @param maxAttempts after this many failed attempts on one channel the alert goes to the
 *     dead-letter topic and the other channels hear that the channel is failing (default 12:
 *     with the default backoff about six minutes of trying)
 * @param routes which alerts go where; none means every alert to every channel
 * @param consoleUrl the console's address as people reach it ({@code https://vigil.trust.nhs.uk}); each notice
 *     links to the alert's page there. Null: notices carry no link
 */
public record NotifierConfig(String groupId, Topics topics, Duration firstRetry, Duration maxRetry, int maxAttempts,
                             List<Route> routes, String consoleUrl) {

    public static NotifierConfig defaults() {
        return new NotifierConfig("vigil-notifier", Topics.DEFAULT, Duration.ofMillis(500), Duration.ofSeconds(60), 12,
                List.of(), null);
    }

    public NotifierConfig withConsoleUrl(String url) {
        return new NotifierConfig(groupId, topics, firstRetry, maxRetry, maxAttempts, routes, url);
    }

    /** The page of alert {@code id} in the console, or null without a console address. */
    public String linkTo(String id) {
        if (consoleUrl == null) return null;
        return queueLink() + "alerts/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    /** The console's queue, or null without a console address. */
    public String queueLink() {
        return consoleUrl == null ? null : consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
    }

    public NotifierConfig withTopics(Topics t) {
        return new NotifierConfig(groupId, t, firstRetry, maxRetry, maxAttempts, routes, consoleUrl);
    }

    public NotifierConfig withGroupId(String g) {
        return new NotifierConfig(g, topics, firstRetry, maxRetry, maxAttempts, routes, consoleUrl);
    }

    public NotifierConfig withRetry(Duration first, Duration max) {
        return new NotifierConfig(groupId, topics, first, max, maxAttempts, routes, consoleUrl);
    }

    public NotifierConfig withMaxAttempts(int n) {
        return new NotifierConfig(groupId, topics, firstRetry, maxRetry, n, routes, consoleUrl);
    }

    public NotifierConfig withRoutes(List<Route> r) {
        return new NotifierConfig(groupId, topics, firstRetry, maxRetry, maxAttempts, r, consoleUrl);
    }

    public List<String> problems(Set<String> channels) {
        List<String> p = new ArrayList<>();
        if (groupId == null || groupId.isBlank()) p.add("group-id: missing");
        if (firstRetry == null || firstRetry.isNegative() || firstRetry.isZero()) p.add("retry.first: must be positive");
        if (maxRetry == null || firstRetry != null && maxRetry.compareTo(firstRetry) < 0) {
            p.add("retry.max: must be at least retry.first");
        }
        if (maxAttempts < 1) p.add("retry.attempts: must be at least 1");
        if (channels.isEmpty()) p.add("no channels configured");
        if (consoleUrl != null && !consoleUrl.startsWith("https://")) {
            p.add("console.url: " + consoleUrl + " must be https:// (the console speaks nothing else)");
        }
        Set<String> routeNames = new HashSet<>();
        for (Route r : routes) {
            if (!routeNames.add(r.name())) p.add("route " + r.name() + ": name: used twice");
        }
        for (Route r : routes) p.addAll(r.problems(channels, routeNames));
        return p;
    }
}
