package io.vigil.console.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.vigil.console.flows.Exports;
import io.vigil.console.flows.FlowFinder;
import io.vigil.console.view.AlertDetail;
import io.vigil.model.ConsoleEvent;
import io.vigil.model.FlowRecord;
import java.util.List;

/**
 * The flows behind an alert: the largest fifty on its page (loaded after the page, so the page
 * itself stays fast), all of them (up to a cap) as CSV or JSON lines, and the chart of its
 * measure. An export takes personal data out of the console, so it is recorded.
 */
public final class FlowRoutes implements WebServer.Routes {

    static final int SHOWN = 50;

    private final Web web;
    private final FlowFinder finder;

    public FlowRoutes(Web web, FlowFinder finder) {
        this.web = web;
        this.finder = finder;
    }

    /** Flows and the chart of the alert in the path, or null after a not-found page. */
    private FlowFinder.Found found(Context ctx, AlertDetail[] holder) {
        AlertDetail d = web.view.alert(ctx.pathParam("id"));
        if (d == null) {
            web.notFound(ctx, "No alert with id " + ctx.pathParam("id") + " is in view.");
            return null;
        }
        holder[0] = d;
        return finder.find(d.alert(), d.updatedAt());
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/alerts/{id}/flows", ctx -> {
            AlertDetail[] d = new AlertDetail[1];
            FlowFinder.Found f = found(ctx, d);
            if (f == null) return;
            Pages.Flows page = new Pages.Flows(ctx.queryParam("fragment") != null ? null
                    : web.layout(ctx, "Flows of " + d[0].alert().id(), "queue"), d[0],
                    FlowFinder.largest(FlowFinder.whole(f.window()), SHOWN), f);
            web.render(ctx, page.layout() == null ? "part/flows.jte" : "flows.jte", page);
        });
        routes.get("/alerts/{id}/flows.csv", ctx -> export(ctx, "csv"));
        routes.get("/alerts/{id}/flows.json", ctx -> export(ctx, "json"));
        routes.get("/alerts/{id}/history.svg", ctx -> {
            AlertDetail[] d = new AlertDetail[1];
            FlowFinder.Found f = found(ctx, d);
            if (f == null) return;
            ctx.header("Cache-Control", "private, max-age=60");
            ctx.contentType("image/svg+xml; charset=utf-8").result(HistoryChart.svg(f.history(), d[0].alert(), f.cut()));
        });
    }

    private void export(Context ctx, String kind) {
        AlertDetail[] d = new AlertDetail[1];
        FlowFinder.Found f = found(ctx, d);
        if (f == null) return;
        List<FlowRecord> flows = f.window();
        web.audit(ctx, ConsoleEvent.FLOWS_EXPORTED, d[0].alert().id(), flows.size() + " flows as " + kind);
        String name = "vigil-" + d[0].alert().id().replaceAll("[^A-Za-z0-9._-]", "_") + "-flows." + (kind.equals("csv") ? "csv" : "jsonl");
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        if (kind.equals("csv")) ctx.contentType("text/csv; charset=utf-8").result(Exports.csv(flows));
        else ctx.contentType("application/x-ndjson; charset=utf-8").result(Exports.jsonLines(flows));
    }
}
