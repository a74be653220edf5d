package io.vigil.notifier;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which alerts go to which channels. A route matches an alert of at least {@code minSeverity}
 * whose type is in {@code types} and site in {@code sites} (empty: any). New alerts beyond
 * {@code rateLimit} per {@code ratePer} wait for a digest at the end of the window. A high or
 * critical alert nobody acknowledges within {@code escalateAfter} goes to {@code escalateTo}:
 * channels, or routes standing for their channels (a second route).
 */
public record Route(String name, Severity minSeverity, Set<AlertType> types, Set<String> sites, List<String> channels,
                    int rateLimit, Duration ratePer, Duration escalateAfter, List<String> escalateTo) {

    public boolean matches(Alert a) {
        return a.severity().atLeast(minSeverity) && (types.isEmpty() || types.contains(a.type()))
                && (sites.isEmpty() || sites.contains(a.site()));
    }

    public boolean rateLimited() {
        return rateLimit > 0 && ratePer != null;
    }

    public boolean escalates() {
        return escalateAfter != null && !escalateTo.isEmpty();
    }

    /** Everything to every channel, unlimited: the default when no route is configured. */
    public static Route everything(List<String> channels) {
        return new Route("default", Severity.INFO, Set.of(), Set.of(), channels, 0, null, null, List.of());
    }

    public List<String> problems(Set<String> knownChannels) {
        return problems(knownChannels, Set.of());
    }

    /** @param routeNames escalation may name a route (its channels) as well as a channel */
    public List<String> problems(Set<String> knownChannels, Set<String> routeNames) {
        List<String> p = new ArrayList<>();
        if (name == null || name.isBlank()) p.add("route without a name");
        // keys as written in the file's route, after the route's name
        String where = "route " + name + ": ";
        if (channels.isEmpty()) p.add(where + "channels: none given");
        for (String c : channels) if (!knownChannels.contains(c)) p.add(where + "channels: unknown channel '" + c + "'");
        for (String c : escalateTo) {
            if (!knownChannels.contains(c) && !routeNames.contains(c)) {
                p.add(where + "escalate-to: unknown channel or route '" + c + "'");
            }
        }
        if (rateLimit < 0) p.add(where + "rate-limit: must not be negative");
        if (rateLimit > 0 && (ratePer == null || ratePer.isZero())) p.add(where + "rate-per: needed with rate-limit");
        if (escalateAfter != null && escalateTo.isEmpty()) p.add(where + "escalate-to: needed with escalate-after");
        return p;
    }
}
