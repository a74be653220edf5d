package io.vigil.console.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.vigil.console.Recorder;
import io.vigil.console.Triage;
import io.vigil.console.auth.Identity;
import io.vigil.console.auth.Role;
import io.vigil.console.view.AlertDetail;
import io.vigil.console.view.AlertView;
import io.vigil.model.ConsoleEvent;
import io.vigil.model.Suppression;
import io.vigil.model.TriageAction;
import io.vigil.model.TriageState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Suppressions: made from an alert at its narrowest scope, checked field by field, previewed
 * against the last seven days before they are saved, then listed with their hits; renewed,
 * revoked (reopening what they closed). A wide one needs an admin. Each change is written to
 * the compacted suppressions topic, which the notifier follows, and recorded in the console's
 * audit. Closing matching open alerts is optional, done as ordinary triage actions that name
 * the suppression, and undone on revocation: nothing is ever deleted.
 */
public final class SuppressionRoutes implements WebServer.Routes {

    static final Duration PREVIEW = Duration.ofDays(7);

    private final Web web;

    public SuppressionRoutes(Web web) {
        this.web = web;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/suppressions", ctx -> web.render(ctx, "suppressions.jte", new Pages.Suppressions(
                web.layout(ctx, "Suppressions", "suppressions"), web.view.suppressions(), web.clock.instant())));
        routes.get("/suppressions/new", this::blank);
        routes.post("/suppressions/preview", ctx -> check(ctx, false));
        routes.post("/suppressions", ctx -> check(ctx, true));
        routes.get("/suppressions/{id}", this::show);
        routes.post("/suppressions/{id}/renew", this::renew);
        routes.post("/suppressions/{id}/revoke", this::revoke);
    }

    private void blank(Context ctx) {
        if (!web.allowed(ctx, Role.ANALYST)) return;
        String from = ctx.queryParam("alert");
        AlertDetail d = from == null ? null : web.view.alert(from);
        if (d == null) {
            web.notFound(ctx, "A suppression is made from an alert: open the alert and choose \"Suppress alerts like this\".");
            return;
        }
        edit(ctx, SuppressionForm.from(d.alert(), Web.who(ctx).user(), web.clock), false, 200);
    }

    private void edit(Context ctx, SuppressionForm f, boolean previewed, int status) {
        List<AlertDetail> matched = List.of();
        int open = 0;
        List<String> wide = List.of();
        Suppression s = previewed ? f.check(Web.who(ctx).user(), "preview", web.clock) : null;
        if (s != null) {
            matched = web.view.matching(s.scope(), web.clock.instant().minus(PREVIEW));
            open = (int) web.view.matching(s.scope(), Instant.EPOCH).stream().filter(m -> m.state() != TriageState.CLOSED).count();
            wide = s.scope().wide();
        }
        Layout layout = web.layout(ctx, "Suppress alerts", "suppressions");
        if (!f.errors().isEmpty()) layout = layout.with(new Layout.Message("error", "Check the fields marked below."));
        ctx.status(status);
        web.render(ctx, "suppression-form.jte", new Pages.SuppressionEdit(layout, f, s != null, matched, open, wide));
    }

    /** Checks the form; shows the preview, or (when saving) saves it. */
    private void check(Context ctx, boolean save) {
        if (!web.allowed(ctx, Role.ANALYST)) return;
        Identity who = Web.who(ctx);
        SuppressionForm f = SuppressionForm.read(ctx::formParam);
        Suppression s = f.check(who.user(), UUID.randomUUID().toString().substring(0, 8), web.clock);
        if (s == null) {
            edit(ctx, f, false, 400);
            return;
        }
        List<String> wide = s.scope().wide();
        if (!wide.isEmpty() && !who.may(Role.ADMIN)) {
            f.errors().put("src", "This suppression is wide (" + String.join("; ", wide) + "): only an admin may make it. "
                    + "Narrow it with a source, destination or domain, or ask an admin");
            web.audit(ctx, ConsoleEvent.REQUEST_REFUSED, "/suppressions", "wide suppression needs an admin: " + s.scope().describe());
            edit(ctx, f, false, 403);
            return;
        }
        if (!save) {
            edit(ctx, f, true, 200);
            return;
        }
        try {
            web.recorder.suppression(s);
        } catch (Recorder.NotSaved e) {
            f.errors().put("reason", e.getMessage());
            edit(ctx, f, true, 503);
            return;
        }
        web.audit(ctx, ConsoleEvent.SUPPRESSION_CREATED, s.id(), s.scope().describe() + " until " + s.expiresAt() + ": "
                + s.reason());
        String closed = s.closeMatching() ? closeMatching(ctx, s, f) : "";
        awaitSeen(s);
        web.flash(ctx, "success", "Suppression " + s.id() + " is in force until " + Describe.time(s.expiresAt())
                + ": the notifier withholds the notices of " + s.scope().describe() + "." + closed);
        ctx.redirect("/suppressions/" + s.id());
    }

    /** Closes the open alerts {@code s} takes in, as triage actions that name it. */
    private String closeMatching(Context ctx, Suppression s, SuppressionForm f) {
        List<String> skipped = new ArrayList<>();
        List<TriageAction> actions = new ArrayList<>();
        Triage.Request r = new Triage.Request(TriageAction.CLOSE, "closed with suppression " + s.id() + ": " + s.reason(),
                null, f.verdict());
        for (AlertDetail d : web.view.matching(s.scope(), Instant.EPOCH)) {
            if (d.state() == TriageState.CLOSED) continue;
            TriageAction a = Triage.act(d, r, Web.who(ctx).user(), web.clock.instant(), null, s.id(), skipped);
            if (a != null) actions.add(a);
        }
        try {
            web.recorder.triage(actions);
            return actions.isEmpty() ? "" : " It closed " + actions.size() + " open " + (actions.size() == 1 ? "alert" : "alerts")
                    + " it matches (revoking it reopens them).";
        } catch (Recorder.NotSaved e) {
            return " Its open alerts were not closed: " + e.getMessage();
        }
    }

    private void show(Context ctx) {
        AlertView.SuppressionHits h = web.view.suppression(ctx.pathParam("id"));
        if (h == null) {
            web.notFound(ctx, "No suppression with id " + ctx.pathParam("id") + ".");
            return;
        }
        String renewTo = LocalDate.ofInstant(web.clock.instant(), ZoneOffset.UTC).plusDays(Suppression.DEFAULT_DAYS).toString();
        web.render(ctx, "suppression.jte", new Pages.Suppression(web.layout(ctx, "Suppression " + h.suppression().id(),
                "suppressions"), h, web.view.heldBackBy(h.suppression().id()), web.view.closedBy(h.suppression().id()),
                web.clock.instant(), renewTo));
    }

    private void renew(Context ctx) {
        Suppression s = changeable(ctx);
        if (s == null) return;
        SuppressionForm f = new SuppressionForm();
        f.values.put("expires", ctx.formParam("expires") == null ? "" : ctx.formParam("expires"));
        Instant now = web.clock.instant();
        Suppression checked = copyExpiry(f, s, Web.who(ctx).user(), now);
        if (checked == null) {
            web.flash(ctx, "error", f.error("expires") + ".");
            ctx.redirect("/suppressions/" + s.id());
            return;
        }
        if (save(ctx, checked, ConsoleEvent.SUPPRESSION_RENEWED, "until " + checked.expiresAt())) {
            web.flash(ctx, "success", "Suppression " + s.id() + " renewed until " + Describe.time(checked.expiresAt()) + ".");
        }
        ctx.redirect("/suppressions/" + s.id());
    }

    /** {@code s} with the form's expiry, checked as a new one would be; null with the form's error. */
    private Suppression copyExpiry(SuppressionForm f, Suppression s, String by, Instant now) {
        SuppressionForm full = SuppressionForm.read(k -> switch (k) {
            case "type" -> s.scope().type().wire();
            case "site" -> s.scope().site();
            case "src" -> s.scope().src();
            case "dst" -> s.scope().dst();
            case "domain" -> s.scope().domain();
            case "port" -> s.scope().port() == null ? null : s.scope().port().toString();
            case "reason" -> s.reason();
            case "owner" -> s.owner();
            case "expires" -> f.value("expires");
            default -> null;
        });
        Suppression c = full.check(s.createdBy(), s.id(), web.clock);
        if (c == null) {
            f.errors.putAll(full.errors);
            return null;
        }
        return new Suppression(s.v(), s.id(), s.scope(), s.reason(), s.owner(), s.createdBy(), s.createdAt(), c.expiresAt(),
                Suppression.ACTIVE, by, now, s.closeMatching());
    }

    private void revoke(Context ctx) {
        Suppression s = changeable(ctx);
        if (s == null) return;
        Instant now = web.clock.instant();
        Suppression revoked = new Suppression(s.v(), s.id(), s.scope(), s.reason(), s.owner(), s.createdBy(), s.createdAt(),
                s.expiresAt(), Suppression.REVOKED, Web.who(ctx).user(), now, s.closeMatching());
        if (!save(ctx, revoked, ConsoleEvent.SUPPRESSION_REVOKED, ctx.formParam("note"))) {
            ctx.redirect("/suppressions/" + s.id());
            return;
        }
        String reopened = "";
        if ("yes".equals(ctx.formParam("reopen"))) {
            List<TriageAction> actions = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            Triage.Request r = new Triage.Request(TriageAction.REOPEN, "suppression " + s.id() + " revoked", null, null);
            for (AlertDetail d : web.view.closedBy(s.id())) {
                TriageAction a = Triage.act(d, r, Web.who(ctx).user(), now, null, s.id(), skipped);
                if (a != null) actions.add(a);
            }
            try {
                web.recorder.triage(actions);
                reopened = actions.isEmpty() ? "" : " " + actions.size() + " alerts it had closed are open again.";
            } catch (Recorder.NotSaved e) {
                reopened = " The alerts it closed were not reopened: " + e.getMessage();
            }
        }
        awaitSeen(revoked);
        web.flash(ctx, "success", "Suppression " + s.id() + " revoked: alerts it matched are notified again." + reopened);
        ctx.redirect("/suppressions/" + s.id());
    }

    /** The suppression in the path, if the person may change it (its maker, or an admin); else a page saying why not. */
    private Suppression changeable(Context ctx) {
        if (!web.allowed(ctx, Role.ANALYST)) return null;
        AlertView.SuppressionHits h = web.view.suppression(ctx.pathParam("id"));
        if (h == null) {
            web.notFound(ctx, "No suppression with id " + ctx.pathParam("id") + ".");
            return null;
        }
        Suppression s = h.suppression();
        Identity who = Web.who(ctx);
        boolean own = who.user().equals(s.createdBy()) || who.user().equals(s.owner());
        boolean needsAdmin = !own || !s.scope().wide().isEmpty();
        return needsAdmin && !web.allowed(ctx, Role.ADMIN) ? null : s;
    }

    private boolean save(Context ctx, Suppression s, String event, String detail) {
        try {
            web.recorder.suppression(s);
            web.audit(ctx, event, s.id(), detail);
            return true;
        } catch (Recorder.NotSaved e) {
            web.flash(ctx, "error", e.getMessage());
            return false;
        }
    }

    /** Waits (briefly) until the view has the suppression as written, so the next page shows it. */
    private void awaitSeen(Suppression s) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline) {
            AlertView.SuppressionHits h = web.view.suppression(s.id());
            if (h != null && h.suppression().equals(s)) return;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
