package io.vigil.console.view;

import io.vigil.model.Alert;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.TriageAction;
import io.vigil.model.TriageState;
import io.vigil.model.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One alert as the console knows it: the detector's latest record of it, and what people and
 * the notifier did with it — the triage actions in order, the state they leave it in, the
 * notification audit, and the suppression that held it back. Mutated only by the view's
 * writer under its write lock; pages get an {@link AlertDetail} copy.
 */
final class AlertEntry {

    /** The notification audit kept per alert: enough for a page, bounded for an alert retried all night. */
    static final int MAX_NOTICES = 200;

    final String id;
    Alert alert;
    /** When the latest record of the alert reached Kafka (wall clock). */
    long updatedAt;
    String groupKey;
    final List<TriageAction> triage = new ArrayList<>();
    final List<NotificationAttempt> notices = new ArrayList<>();
    TriageState state = TriageState.OPEN;
    String assignee;
    Verdict verdict;
    String suppressedBy;
    /** Who acknowledged it through the acknowledgement API, from the audit trail. */
    String apiAckBy;
    /** When someone first took it (acknowledged or closed): time to acknowledge is this minus detection. */
    Instant takenAt;

    AlertEntry(String id) {
        this.id = id;
    }

    void triage(TriageAction t) {
        for (TriageAction seen : triage) if (seen.id().equals(t.id())) return; // a record written twice
        triage.add(t);
        triage.sort(Comparator.comparing(TriageAction::at));
        TriageAction last = triage.get(triage.size() - 1);
        state = last.stateAfter();
        assignee = last.assigneeAfter();
        verdict = state == TriageState.CLOSED ? last.verdict() : null;
        if (t.taken() && (takenAt == null || t.at().isBefore(takenAt))) takenAt = t.at();
    }

    void notice(NotificationAttempt n) {
        if (NotificationAttempt.SUPPRESSED.equals(n.outcome())) suppressedBy = n.suppressedBy();
        if (NotificationAttempt.ACKNOWLEDGED.equals(n.outcome())) {
            apiAckBy = n.channel() != null && n.channel().startsWith("ack:") ? n.channel().substring(4) : n.channel();
            if (state == TriageState.OPEN && triage.isEmpty()) state = TriageState.ACKNOWLEDGED;
            if (takenAt == null || n.sentAt() != null && n.sentAt().isBefore(takenAt)) takenAt = n.sentAt();
        }
        if (notices.size() < MAX_NOTICES) notices.add(n);
    }

    /** The host the alert is about, for grouping: its source, else its destination, else its site. */
    static String entity(Alert a) {
        return a.src() != null ? a.src() : a.dst() != null ? a.dst() : a.site();
    }

    AlertDetail detail() {
        return new AlertDetail(alert, Instant.ofEpochMilli(updatedAt), state, assignee, verdict, suppressedBy, apiAckBy,
                List.copyOf(triage), List.copyOf(notices), groupKey);
    }
}
