package io.vigil.notifier.channel;

import io.vigil.model.Lifecycle;
import io.vigil.model.Alert;
import java.util.List;

/**
 * What a channel is asked to deliver: one alert event ({@code raised}, {@code updated},
 * {@code ended}, {@code escalated}), or a {@code digest} of the alerts a route's rate limit
 * held back, or a {@code channel_failing} notice (an alert of that type). {@code link} is the
 * alert's page in the console (the queue, for a digest), so whoever reads the notice is one
 * click from acting on it; null when no console address is set.
 */
public record Notice(String event, Alert alert, List<Alert> digest, String route, String link) {

    public static Notice of(String event, Alert alert, String route) {
        return new Notice(event, alert, List.of(), route, null);
    }

    public static Notice digest(List<Alert> alerts, String route) {
        return new Notice(Lifecycle.DIGEST.wire(), null, List.copyOf(alerts), route, null);
    }

    /** The same notice pointing at {@code url}. */
    public Notice linked(String url) {
        return new Notice(event, alert, digest, route, url);
    }

    public boolean isDigest() {
        return Lifecycle.DIGEST.is(event);
    }

    /** One line for logs and subjects. */
    public String headline() {
        if (isDigest()) return digest.size() + " more alerts held back by route " + route;
        return "[" + alert.severity().wire().toUpperCase() + "] " + alert.type().wire() + " at " + alert.site() + ": "
                + alert.summary();
    }
}
