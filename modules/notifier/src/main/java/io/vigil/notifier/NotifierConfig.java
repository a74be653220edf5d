package io.vigil.notifier;

import io.vigil.model.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Notifier settings.
 *
 * @param groupId consumer group: instances sharing it share the partitions of the alerts topic
 * @param topics the topic namespace to read alerts from
 * @param firstRetry wait before the first retry of a failed delivery; doubles up to {@code maxRetry}
 * @param maxRetry the longest wait between retries (delivery is retried until it succeeds)
 */
public record NotifierConfig(String groupId, Topics topics, Duration firstRetry, Duration maxRetry) {

    public static NotifierConfig defaults() {
        return new NotifierConfig("vigil-notifier", Topics.DEFAULT, Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    public NotifierConfig withTopics(Topics t) {
        return new NotifierConfig(groupId, t, firstRetry, maxRetry);
    }

    public NotifierConfig withGroupId(String g) {
        return new NotifierConfig(g, topics, firstRetry, maxRetry);
    }

    public NotifierConfig withRetry(Duration first, Duration max) {
        return new NotifierConfig(groupId, topics, first, max);
    }

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (groupId == null || groupId.isBlank()) p.add("group-id is missing");
        if (firstRetry == null || firstRetry.isNegative() || firstRetry.isZero()) p.add("first-retry must be positive");
        if (maxRetry == null || firstRetry != null && maxRetry.compareTo(firstRetry) < 0) {
            p.add("max-retry must be at least first-retry");
        }
        return p;
    }
}
