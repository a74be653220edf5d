package io.vigil.console;

import io.vigil.console.auth.LocalUsers;
import io.vigil.console.view.AlertDetail;
import io.vigil.model.TriageAction;
import io.vigil.model.TriageState;
import io.vigil.model.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What an analyst's request does to an alert, as a {@link TriageAction} that says who, when,
 * and the state and assignee before and after: acknowledge (someone has it: escalation stops;
 * they are its assignee unless it has one), assign, close with a verdict, reopen, or just add
 * a note. A request that would change nothing (acknowledging a closed alert) is skipped and
 * the page says so, rather than writing a record that pretends.
 */
public final class Triage {

    /** What was asked, as the form sent it. */
    public record Request(String action, String note, String assignee, Verdict verdict) {

        /** Every mistake, by the form field it concerns. */
        public List<String[]> problems() {
            List<String[]> p = new ArrayList<>();
            if (action == null || !TriageAction.ACTIONS.contains(action)) p.add(new String[] {"action", "Choose what to do"});
            if (TriageAction.CLOSE.equals(action) && verdict == null) {
                p.add(new String[] {"verdict", "Choose a verdict: was it an attack, allowed here, a false alarm or a duplicate?"});
            }
            if (TriageAction.ASSIGN.equals(action) && (assignee == null || !LocalUsers.NAME.matcher(assignee).matches())) {
                p.add(new String[] {"assignee", "Enter the name of the person to assign it to"});
            }
            if (TriageAction.COMMENT.equals(action) && (note == null || note.isBlank())) {
                p.add(new String[] {"note", "Enter a note"});
            }
            if (note != null && note.length() > TriageAction.MAX_NOTE) {
                p.add(new String[] {"note", "A note must be " + TriageAction.MAX_NOTE + " characters or fewer"});
            }
            return p;
        }
    }

    private Triage() {}

    /**
     * The action {@code by} takes on {@code alert}, or null with the reason in {@code skipped}
     * when it would change nothing.
     *
     * @param group the queue line acted on, when the action was taken on a whole group
     */
    public static TriageAction act(AlertDetail alert, Request r, String by, Instant now, String group, String suppression,
                                   List<String> skipped) {
        TriageState before = alert.state();
        TriageState after = before;
        String assignee = alert.assignee();
        String id = alert.alert().id();
        switch (r.action()) {
            case TriageAction.ACKNOWLEDGE -> {
                if (before != TriageState.OPEN) {
                    skipped.add(id + " was already " + before.wire());
                    return null;
                }
                after = TriageState.ACKNOWLEDGED;
                if (assignee == null) assignee = by;
            }
            case TriageAction.ASSIGN -> {
                if (r.assignee().equals(assignee)) {
                    skipped.add(id + " was already assigned to " + assignee);
                    return null;
                }
                assignee = r.assignee();
                if (before == TriageState.OPEN) after = TriageState.ACKNOWLEDGED;
            }
            case TriageAction.CLOSE -> {
                if (before == TriageState.CLOSED) {
                    skipped.add(id + " was already closed");
                    return null;
                }
                after = TriageState.CLOSED;
            }
            case TriageAction.REOPEN -> {
                if (before != TriageState.CLOSED) {
                    skipped.add(id + " was not closed");
                    return null;
                }
                after = TriageState.OPEN;
            }
            default -> { } // a comment changes nothing but the history
        }
        String note = r.note() == null || r.note().isBlank() ? null : r.note().strip();
        return new TriageAction(TriageAction.VERSION, UUID.randomUUID().toString(), id, r.action(), by, now, before, after,
                alert.assignee(), assignee, TriageAction.CLOSE.equals(r.action()) ? r.verdict() : null, note, group,
                suppression, "console");
    }
}
