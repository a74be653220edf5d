package io.vigil.console.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.vigil.console.Recorder;
import io.vigil.console.Triage;
import io.vigil.console.auth.Role;
import io.vigil.console.packets.PacketShelf;
import io.vigil.console.view.AlertDetail;
import io.vigil.model.TriageAction;
import io.vigil.model.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * An alert's page ({@code /alerts/ID}) and its triage ({@code POST /alerts/ID/triage}). An
 * action on the whole group acts on exactly the alerts the page listed (their ids came with the
 * form) that are still in the group; one that arrived since is left alone and the page says so
 * — the "close all matching" that closed the wrong alerts is what analysts complain of most.
 */
public final class AlertRoutes implements WebServer.Routes {

    private final Web web;
    private final PacketShelf packets;

    public AlertRoutes(Web web, PacketShelf packets) {
        this.web = web;
        this.packets = packets;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/alerts/{id}", ctx -> show(ctx, Map.of(), 200));
        routes.post("/alerts/{id}/triage", this::triage);
    }

    private void show(Context ctx, Map<String, String> errors, int status) {
        String id = ctx.pathParam("id");
        AlertDetail d = web.view.alert(id);
        if (d == null) {
            web.notFound(ctx, "No alert with id " + id + " is in view: it may never have existed, or be older than the "
                    + "console keeps.");
            return;
        }
        ctx.status(status);
        List<AlertDetail> group = web.view.alerts(web.view.groupMembers(d.groupKey()));
        Layout layout = web.layout(ctx, d.alert().type().wire() + " " + id, "queue");
        if (!errors.isEmpty()) layout = layout.with(new Layout.Message("error", String.join(". ", errors.values()) + "."));
        web.render(ctx, "alert.jte", new Pages.Alert(layout, d, group,
                web.view.related(d.alert(), 20), web.view.collectorsAt(d.alert().site(),
                d.alert().detectedAt() == null ? d.updatedAt() : d.alert().detectedAt()),
                d.suppressedBy() == null ? null : web.view.suppression(d.suppressedBy()), web.clock.instant(), errors,
                packets.get(id)));
    }

    private void triage(Context ctx) {
        if (!web.allowed(ctx, Role.ANALYST)) return;
        String id = ctx.pathParam("id");
        AlertDetail d = web.view.alert(id);
        if (d == null) {
            web.notFound(ctx, "No alert with id " + id + " is in view.");
            return;
        }
        String v = ctx.formParam("verdict");
        Verdict verdict = null;
        try {
            verdict = v == null || v.isBlank() ? null : Verdict.parse(v);
        } catch (IllegalArgumentException e) {
            // reported as a missing verdict below
        }
        Triage.Request r = new Triage.Request(ctx.formParam("action"), ctx.formParam("note"), trim(ctx.formParam("assignee")),
                verdict);
        List<String[]> problems = r.problems();
        if (!problems.isEmpty()) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (String[] p : problems) errors.putIfAbsent(p[0], p[1]);
            show(ctx, errors, 400);
            return;
        }
        boolean group = "group".equals(ctx.formParam("scope"));
        List<String> targets = group ? groupTargets(ctx, d) : List.of(id);
        List<String> left = new ArrayList<>(group ? web.view.groupMembers(d.groupKey()) : List.of());
        left.removeAll(targets);
        String who = Web.who(ctx).user();
        Instant now = web.clock.instant();
        List<TriageAction> actions = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (AlertDetail target : web.view.alerts(targets)) {
            TriageAction a = Triage.act(target, r, who, now, group ? d.groupKey() : null, null, skipped);
            if (a != null) actions.add(a);
        }
        try {
            if (!actions.isEmpty()) web.recorder.triage(actions);
        } catch (Recorder.NotSaved e) {
            web.flash(ctx, "error", e.getMessage());
            ctx.redirect("/alerts/" + id);
            return;
        }
        StringBuilder msg = new StringBuilder(done(r.action(), actions.size()));
        if (!skipped.isEmpty()) msg.append(" Left as they were: ").append(String.join("; ", skipped)).append('.');
        if (!left.isEmpty()) {
            msg.append(' ').append(left.size()).append(left.size() == 1 ? " alert" : " alerts")
                    .append(" arrived in the group after the page was shown and ").append(left.size() == 1 ? "was" : "were")
                    .append(" not touched.");
        }
        web.flash(ctx, actions.isEmpty() ? "important" : "success", msg.toString());
        // the view follows the triage topic within a poll; the page after the redirect shows the new state
        awaitSeen(actions);
        ctx.redirect("/alerts/" + id);
    }

    /** The alerts the form listed that are still in the group: never more than the analyst saw. */
    private List<String> groupTargets(Context ctx, AlertDetail d) {
        LinkedHashSet<String> listed = new LinkedHashSet<>(ctx.formParams("ids"));
        listed.retainAll(web.view.groupMembers(d.groupKey()));
        listed.add(d.alert().id());
        return List.copyOf(listed);
    }

    private void awaitSeen(List<TriageAction> actions) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        for (TriageAction a : actions) {
            while (System.nanoTime() < deadline) {
                AlertDetail d = web.view.alert(a.alertId());
                if (d == null || d.triage().stream().anyMatch(t -> t.id().equals(a.id()))) break;
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static String done(String action, int n) {
        String what = switch (action) {
            case TriageAction.ACKNOWLEDGE -> "Acknowledged";
            case TriageAction.ASSIGN -> "Assigned";
            case TriageAction.CLOSE -> "Closed";
            case TriageAction.REOPEN -> "Reopened";
            default -> "Note added to";
        };
        return n == 0 ? "Nothing changed." : what + " " + n + (n == 1 ? " alert." : " alerts.");
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
