package io.vigil.console.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.vigil.console.view.QueueFilter;

/**
 * The queue ({@code /}) and its rows alone ({@code /queue/rows}, what the page fetches when the
 * live feed says something changed), for the filter in the query string.
 */
public final class QueueRoutes implements WebServer.Routes {

    /** Groups shown at once: a screenful a night shift can take in; the filter narrows the rest. */
    static final int LIMIT = 200;

    private final Web web;

    public QueueRoutes(Web web) {
        this.web = web;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/", ctx -> web.render(ctx, "queue.jte", page(ctx, web.layout(ctx, "Queue", "queue"))));
        routes.get("/queue/rows", ctx -> web.render(ctx, "part/rows.jte", page(ctx, null)));
    }

    private Pages.Queue page(Context ctx, Layout layout) {
        QueueFilter f = QueueFilter.read(ctx::queryParam);
        return new Pages.Queue(layout, web.view.queue(f, Web.who(ctx).user(), LIMIT), f, web.clock.instant());
    }
}
