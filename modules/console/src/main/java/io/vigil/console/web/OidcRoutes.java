package io.vigil.console.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.vigil.console.auth.OidcClient;
import io.vigil.model.ConsoleEvent;

/**
 * Single sign-on: {@code /signin/oidc} sends the browser to the provider with a state, nonce
 * and PKCE challenge kept in a short-lived signed cookie; {@code /auth/callback} takes the code
 * back, and the {@link OidcClient} checks everything before a session begins. A refusal (a
 * wrong or expired token, a state that does not match, someone with no Vigil role) is shown on
 * the sign-in page and recorded.
 */
public final class OidcRoutes implements WebServer.Routes {

    static final String PENDING = "__Host-vigil-oidc";

    private final Web web;
    private final OidcClient client;
    private final SignInRoutes signIn;

    public OidcRoutes(Web web, OidcClient client, SignInRoutes signIn) {
        this.web = web;
        this.client = client;
        this.signIn = signIn;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/signin/oidc", this::start);
        routes.get("/auth/callback", this::callback);
    }

    private void start(Context ctx) {
        OidcClient.Pending p = OidcClient.begin(SignInRoutes.next(ctx.queryParam("next")));
        try {
            String url = client.authorizationUrl(p);
            ctx.cookie(Web.cookie(PENDING, web.sessions.sign(OidcClient.write(p)), 600));
            ctx.redirect(url);
        } catch (OidcClient.Refused e) {
            web.audit(ctx, null, ConsoleEvent.SIGN_IN_FAILED, null, "single sign-on unavailable: " + e.getMessage());
            signIn.form(ctx, null, "Single sign-on is not available just now: " + e.getMessage(), 503);
        }
    }

    private void callback(Context ctx) {
        OidcClient.Pending p = OidcClient.read(web.sessions.unsign(ctx.cookie(PENDING)));
        ctx.cookie(Web.cookie(PENDING, "", 0));
        try {
            OidcClient.SignedIn who = client.complete(p, ctx.queryParam("state"), ctx.queryParam("code"),
                    ctx.queryParam("error"));
            ctx.attribute("vigil.next", p.next());
            SignInRoutes.begin(ctx, web, who.user(), who.role(), "oidc");
        } catch (OidcClient.Refused e) {
            web.audit(ctx, null, ConsoleEvent.SIGN_IN_FAILED, null, "single sign-on refused: " + e.getMessage());
            signIn.form(ctx, null, "Sign-in refused: " + e.getMessage() + ".", 401);
        }
    }
}
