package io.vigil.console.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.vigil.console.auth.Identity;
import io.vigil.console.auth.LocalUsers;
import io.vigil.console.auth.Role;
import io.vigil.console.auth.Sessions;
import io.vigil.console.auth.SignInGuard;
import io.vigil.model.ConsoleEvent;
import java.time.Instant;

/**
 * Signing in and out. Local users: a form whose CSRF token is bound to a nonce cookie (so no
 * other site can sign someone in as someone else), a password checked against a slow hash
 * (the same work whether or not the name exists), lock-out after repeated failures, and every
 * success, failure and lock-out recorded. OpenID Connect, when set, is {@link OidcRoutes}.
 * Signing out ends the session for good, even for a copy of its cookie.
 */
public final class SignInRoutes implements WebServer.Routes {

    static final String NONCE = "__Host-vigil-signin";

    private final Web web;
    private final LocalUsers users;
    private final SignInGuard guard;
    private final String oidcName;

    /** @param oidcName what the provider button says ("NHS Entra ID"), or null without one */
    public SignInRoutes(Web web, LocalUsers users, SignInGuard guard, String oidcName) {
        this.web = web;
        this.users = users;
        this.guard = guard;
        this.oidcName = oidcName;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/signin", ctx -> form(ctx, null, null, 200));
        routes.post("/signin", this::signIn);
        routes.post("/signout", this::signOut);
    }

    /** The sign-in page, with {@code error} saying why it is shown again. */
    void form(Context ctx, String user, String error, int status) {
        String nonce = Sessions.randomId();
        ctx.cookie(Web.cookie(NONCE, web.sessions.sign(nonce), 1800));
        ctx.status(status);
        web.render(ctx, "signin.jte", new Pages.SignIn(web.layout(ctx, "Sign in", null), users != null, oidcName,
                web.sessions.csrf("signin:" + nonce), next(ctx.queryParam("next") != null ? ctx.queryParam("next")
                : ctx.formParam("next")), user, error));
    }

    private void signIn(Context ctx) {
        String nonce = web.sessions.unsign(ctx.cookie(NONCE));
        if (nonce == null || !web.sessions.csrfMatches("signin:" + nonce, ctx.formParam("csrf"))) {
            web.audit(ctx, ConsoleEvent.REQUEST_REFUSED, "/signin", "sign-in form without a valid token");
            form(ctx, null, "The sign-in form had expired. Try again.", 403);
            return;
        }
        if (users == null) {
            form(ctx, null, "This console signs people in with " + oidcName + " only.", 400);
            return;
        }
        String name = ctx.formParam("user") == null ? "" : ctx.formParam("user").trim();
        String password = ctx.formParam("password") == null ? "" : ctx.formParam("password");
        Instant locked = guard.lockedUntil(name, ctx.ip());
        if (locked != null) {
            web.audit(ctx, name, ConsoleEvent.SIGN_IN_FAILED, null, "locked until " + locked);
            form(ctx, name, "Too many failed sign-ins: this account is locked until " + Describe.time(locked) + ".", 429);
            return;
        }
        LocalUsers.User u = users.check(name, password.toCharArray());
        if (u == null) {
            boolean nowLocked = guard.failed(name, ctx.ip());
            web.audit(ctx, name, ConsoleEvent.SIGN_IN_FAILED, null, users.find(name) == null ? "unknown user" : "wrong password");
            if (nowLocked) web.audit(ctx, name, ConsoleEvent.LOCKED_OUT, null, "after repeated failed sign-ins");
            form(ctx, name, "The user name or password is not right.", 401);
            return;
        }
        guard.succeeded(name);
        begin(ctx, web, u.name(), u.role(), "local");
    }

    /** Starts a session and goes where the person was going. */
    static void begin(Context ctx, Web web, String user, Role role, String via) {
        Identity who = web.sessions.begin(user, role, via);
        ctx.cookie(Web.cookie(Web.SESSION, web.sessions.cookie(who), -1));
        ctx.cookie(Web.cookie(NONCE, "", 0));
        ctx.attribute(Web.IDENTITY, who);
        web.audit(ctx, ConsoleEvent.SIGNED_IN, null, "as " + role.wire() + " via " + via);
        ctx.redirect(next(ctx.formParam("next") != null ? ctx.formParam("next") : ctx.attribute("vigil.next")));
    }

    private void signOut(Context ctx) {
        Identity who = Web.who(ctx);
        web.sessions.end(who);
        web.audit(ctx, ConsoleEvent.SIGNED_OUT, null, null);
        ctx.cookie(Web.cookie(Web.SESSION, "", 0));
        web.flash(ctx, "success", "You have signed out.");
        ctx.redirect("/signin");
    }

    /** Where to go after signing in: a path of this console only, never another site. */
    static String next(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
        return next;
    }
}
