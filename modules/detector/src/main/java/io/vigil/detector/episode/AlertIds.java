package io.vigil.detector.episode;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Alert ids from what identifies an episode (type, site, entity, start in event time), so a
 * replay, a restart or a rebalance that re-emits an alert produces the same id.
 */
public final class AlertIds {

    private AlertIds() {}

    public static String of(String type, String site, String entity, long episodeStartMs) {
        String name = type + "|" + site + "|" + entity + "|" + episodeStartMs;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
