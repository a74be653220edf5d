package io.vigil.console.web;

import io.vigil.console.flows.FlowFinder;
import io.vigil.console.packets.PacketShelf;
import io.vigil.console.view.AlertDetail;
import io.vigil.console.view.AlertView;
import io.vigil.console.view.CollectorState;
import io.vigil.console.view.QueueFilter;
import io.vigil.model.AlertType;
import io.vigil.model.FlowRecord;
import io.vigil.model.Severity;
import io.vigil.model.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** What each page template is given: one record per page, built by its handler from the view. */
public final class Pages {

    private Pages() {}

    public static final List<AlertType> TYPES = Arrays.stream(AlertType.values()).toList();
    public static final List<Severity> SEVERITIES = List.of(Severity.values());
    public static final List<Verdict> VERDICTS = List.of(Verdict.values());

    /** The queue: its filter, what it matched, and when this was made (for "3 min ago"). */
    public record Queue(Layout layout, AlertView.Queue queue, QueueFilter filter, Instant now) {}

    /**
     * One alert: what the console knows of it, its group's alerts (what a group action acts on),
     * other alerts about the same hosts, its site's collectors when it fired, the suppression
     * that held it back, and a form's mistakes by field when one was sent back.
     */
    public record Alert(Layout layout, AlertDetail detail, List<AlertDetail> group, List<AlertDetail> related,
                        List<CollectorState> collectors, AlertView.SuppressionHits suppression, Instant now,
                        Map<String, String> errors, PacketShelf.Entry packets) {

        public io.vigil.model.Alert alert() {
            return detail.alert();
        }
    }

    /**
     * The suppression form, and once it checks out, the preview: the alerts of the last seven
     * days it would have taken in, how many open ones it would close, and why it is wide.
     */
    public record SuppressionEdit(Layout layout, SuppressionForm form, boolean previewed, List<AlertDetail> matched,
                                  int openMatched, List<String> wide) {}

    /** Every suppression with its hits. */
    public record Suppressions(Layout layout, List<AlertView.SuppressionHits> list, Instant now) {

        public boolean inForce(AlertView.SuppressionHits h) {
            return h.suppression().activeAt(now);
        }

        /** Within a day of its end. */
        public boolean endingSoon(AlertView.SuppressionHits h) {
            return inForce(h) && h.suppression().expiresAt().isBefore(now.plus(Duration.ofDays(1)));
        }
    }

    /** One suppression: what it is, what it has held back, what it closed. */
    public record Suppression(Layout layout, AlertView.SuppressionHits hits, List<AlertDetail> heldBack,
                              List<AlertDetail> closed, Instant now, String renewTo) {

        public boolean inForce() {
            return hits.suppression().activeAt(now);
        }
    }

    /** The flows behind an alert: the largest, and what the read found (total, bounds). {@code layout} null: a fragment. */
    public record Flows(Layout layout, AlertDetail detail, List<FlowRecord> shown,
                        FlowFinder.Found found) {}

    /** A short page that says one thing: not found, not allowed, not saved. */
    public record Message(Layout layout, String heading, String body, String link, String linkText) {}

    /** The sign-in page: local users, a provider button, or both; {@code error} says why it was shown again. */
    public record SignIn(Layout layout, boolean local, String oidcName, String csrf, String next, String user,
                         String error) {}
}
