package io.vigil.reporter;

import io.vigil.model.Alert;
import io.vigil.model.NotificationAttempt;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The week's alerts of a site as CSV (RFC 4180), one row per alert, for a spreadsheet: the
 * rows behind the page's figures.
 */
public final class ReportCsv {

    static final String HEADER = "raised_at,id,type,severity,status,src,dst,first_seen,last_seen,acknowledged_by,attack,summary";

    private ReportCsv() {}

    public static String alerts(String site, String week, List<Alert> alerts, List<NotificationAttempt> attempts) {
        Map<String, String> acked = new HashMap<>();
        for (NotificationAttempt n : attempts) {
            if (NotificationAttempt.ACKNOWLEDGED.equals(n.outcome()) && n.channel() != null) {
                acked.putIfAbsent(n.alertId(), n.channel().startsWith("ack:") ? n.channel().substring(4) : n.channel());
            }
        }
        StringBuilder sb = new StringBuilder(HEADER).append("\r\n");
        for (Alert a : Summaries.weekAlerts(site, week, alerts)) {
            row(sb, a.raisedAt(), a.id(), a.type().wire(), a.severity().wire(), a.status(), a.src(), a.dst(), a.firstSeen(),
                    a.lastSeen(), acked.get(a.id()), String.join(" ", a.attack()), a.summary());
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(cell(cells[i]));
        }
        sb.append("\r\n");
    }

    /** Quoted when it holds a comma, quote or line break; quotes doubled. A leading =+-@ is neutralised. */
    static String cell(Object o) {
        if (o == null) return "";
        String s = o.toString();
        // A cell a spreadsheet would run as a formula (CSV injection) gets a leading apostrophe.
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) s = "'" + s;
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
