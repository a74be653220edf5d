package io.vigil.console.view;

import io.vigil.model.Alert;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.TriageAction;
import io.vigil.model.TriageState;
import io.vigil.model.Verdict;
import java.time.Instant;
import java.util.List;

/**
 * A copy of what the console knows of one alert, for a page: safe to read after the view has
 * moved on.
 *
 * @param updatedAt    when its latest record reached Kafka
 * @param suppressedBy the suppression that held back its notification, or null
 * @param apiAckBy     who acknowledged it through the acknowledgement API, or null
 */
public record AlertDetail(Alert alert, Instant updatedAt, TriageState state, String assignee, Verdict verdict,
                          String suppressedBy, String apiAckBy, List<TriageAction> triage,
                          List<NotificationAttempt> notices, String groupKey) {}
