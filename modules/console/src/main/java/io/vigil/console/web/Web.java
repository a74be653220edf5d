package io.vigil.console.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.vigil.console.Recorder;
import io.vigil.console.auth.Identity;
import io.vigil.console.auth.Role;
import io.vigil.console.auth.Sessions;
import io.vigil.console.view.AlertView;
import io.vigil.console.view.QueueFilter;
import io.vigil.model.ConsoleEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What every handler shares: the view, the recorder, the session keys, the clock; rendering a
 * template into a page; who is signed in; a message carried across a redirect; refusing a
 * request and recording the refusal.
 */
public final class Web {

    static final String SESSION = "__Host-vigil-session";
    static final String FLASH = "__Host-vigil-flash";
    static final String IDENTITY = "vigil.identity";

    final AlertView view;
    final Recorder recorder;
    final Sessions sessions;
    final Clock clock;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

    public Web(AlertView view, Recorder recorder, Sessions sessions, Clock clock) {
        this.view = view;
        this.recorder = recorder;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Renders {@code template} with its one parameter {@code p} as the response. */
    void render(Context ctx, String template, Object p) {
        ctx.contentType("text/html; charset=utf-8").result(html(template, p));
    }

    String html(String template, Object p) {
        StringOutput out = new StringOutput();
        templates.render(template, p, out);
        return out.toString();
    }

    /** The signed-in person (the before-handler has made sure there is one on every page but sign-in). */
    static Identity who(Context ctx) {
        return ctx.attribute(IDENTITY);
    }

    Layout layout(Context ctx, String title, String nav) {
        Identity who = who(ctx);
        List<Layout.Message> messages = new ArrayList<>();
        String flash = sessions.unsign(ctx.cookie(FLASH));
        if (flash != null) {
            int bar = flash.indexOf('|');
            messages.add(new Layout.Message(flash.substring(0, bar), flash.substring(bar + 1)));
            ctx.cookie(cookie(FLASH, "", 0));
        }
        List<AlertView.Silence> silences = who == null ? List.of() : view.queue(QueueFilter.all(), who.user(), 0).silences();
        return new Layout(title, who, who == null ? null : sessions.csrf(who.sid()), nav, messages, silences);
    }

    /** A message for the next page (after a redirect): {@code success}, {@code important} or {@code error}. */
    void flash(Context ctx, String kind, String text) {
        ctx.cookie(cookie(FLASH, sessions.sign(kind + "|" + text), 60));
    }

    /** A cookie only this origin gets, only over TLS, never to scripts; sent on top-level navigation from elsewhere. */
    static Cookie cookie(String name, String value, int maxAgeSeconds) {
        return new Cookie(name, value, "/", maxAgeSeconds, true, true, null, SameSite.LAX);
    }

    /** Whether the signed-in person has {@code role}; if not, a 403 page, and the refusal is recorded. */
    boolean allowed(Context ctx, Role role) {
        Identity who = who(ctx);
        if (who != null && who.may(role)) return true;
        audit(ctx, ConsoleEvent.REQUEST_REFUSED, ctx.path(), "needs the " + role.wire() + " role");
        ctx.status(403);
        render(ctx, "message.jte", new Pages.Message(layout(ctx, "Not allowed", null), "You cannot do that",
                "This needs the " + role.wire() + " role; you are signed in as " + (who == null ? "nobody" : who.role().wire())
                        + ". Ask an admin if you need it.", "/", "Back to the queue"));
        return false;
    }

    void notFound(Context ctx, String what) {
        ctx.status(404);
        render(ctx, "message.jte", new Pages.Message(layout(ctx, "Not found", null), "Not found", what, "/",
                "Back to the queue"));
    }

    void audit(Context ctx, String event, String subject, String detail) {
        Identity who = who(ctx);
        audit(ctx, who == null ? null : who.user(), event, subject, detail);
    }

    void audit(Context ctx, String user, String event, String subject, String detail) {
        recorder.audit(new ConsoleEvent(ConsoleEvent.VERSION, clock.instant(), user, event, subject, detail, ctx.ip()));
    }
}
