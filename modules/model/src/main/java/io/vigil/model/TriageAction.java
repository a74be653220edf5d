package io.vigil.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One thing a person did to one alert, on {@code vigil.triage.v1} keyed by the alert id:
 * append-only, so the topic is the alert's whole history of who did what, when, and what it
 * changed ({@code stateBefore → stateAfter}, {@code assigneeBefore → assigneeAfter}). An
 * action on a group of alerts is one record per alert, each naming the {@code group}; a close
 * made by a suppression names it in {@code suppression}. The notifier reads this topic too:
 * an alert acknowledged or closed here is not escalated.
 *
 * @param id     unique per action (a re-sent record is recognised)
 * @param action {@code acknowledge}, {@code assign}, {@code close}, {@code reopen} or {@code comment}
 * @param via    where it was done: {@code console}, or {@code api} for the acknowledgement endpoint
 */
public record TriageAction(
        int v,
        String id,
        String alertId,
        String action,
        String by,
        Instant at,
        TriageState stateBefore,
        TriageState stateAfter,
        String assigneeBefore,
        String assigneeAfter,
        Verdict verdict,
        String note,
        String group,
        String suppression,
        String via) {

    public static final int VERSION = 1;
    public static final String ACKNOWLEDGE = "acknowledge", ASSIGN = "assign", CLOSE = "close", REOPEN = "reopen",
            COMMENT = "comment";
    public static final Set<String> ACTIONS = Set.of(ACKNOWLEDGE, ASSIGN, CLOSE, REOPEN, COMMENT);
    /** A note is for a person to read: a paragraph, not a document. */
    public static final int MAX_NOTE = 2000;

    /** Whether, after this action, someone has taken the alert (escalation stops). */
    public boolean taken() {
        return stateAfter == TriageState.ACKNOWLEDGED || stateAfter == TriageState.CLOSED;
    }

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (v != VERSION) p.add("unsupported version v=" + v);
        if (id == null || id.isBlank()) p.add("id is missing");
        if (alertId == null || alertId.isBlank()) p.add("alert_id is missing");
        if (action == null || !ACTIONS.contains(action)) p.add("action '" + action + "' is not one of " + ACTIONS);
        if (by == null || by.isBlank()) p.add("by is missing");
        if (at == null) p.add("at is missing");
        if (stateAfter == null) p.add("state_after is missing");
        if (CLOSE.equals(action) && verdict == null) p.add("a close needs a verdict");
        if (note != null && note.length() > MAX_NOTE) p.add("note of " + note.length() + " characters");
        return p;
    }
}
