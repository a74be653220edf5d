package io.vigil.console.view;

import io.vigil.model.AlertType;
import io.vigil.model.Severity;
import java.time.Instant;
import java.util.List;

/**
 * One line of the queue: the alerts of one type at one site about one host (the source, or
 * the destination when there is none) that the filter lets through, gathered. {@code ids} are
 * exactly those alerts, newest first: an action on the group acts on them and on no other.
 *
 * @param fresh        how many nobody has taken yet
 * @param acknowledged how many someone has taken and not closed
 * @param latestId     the most recently updated alert of the group, whose summary the line shows
 */
public record QueueRow(String key, String site, AlertType type, String entity, int count, Severity worst,
                       Instant firstSeen, Instant lastSeen, Instant updatedAt, int fresh, int acknowledged, int closed,
                       int suppressed, int active, List<String> assignees, String latestId, String latestSummary,
                       List<String> ids) {

    /** The group's state in one word: new while any is untaken, then acknowledged, else closed. */
    public String state() {
        return fresh > 0 ? "new" : acknowledged > 0 ? "acknowledged" : "closed";
    }
}
