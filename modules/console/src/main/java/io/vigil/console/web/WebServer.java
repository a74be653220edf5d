package io.vigil.console.web;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.vigil.console.ConsoleConfig;
import io.vigil.console.auth.Identity;
import io.vigil.console.auth.Sessions;
import io.vigil.model.ConsoleEvent;
import io.vigil.model.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTPS server (Jetty, through Javalin): TLS 1.2/1.3 only, one connector and no
 * plain HTTP. Every response carries a strict Content-Security-Policy (scripts and styles from
 * this origin only, no inline script, no framing) and the headers that go with it. Everything
 * but {@code /health}, the assets and the sign-in pages needs a valid session; every state
 * change needs the session's CSRF token and a same-origin request. A cookie that is tampered
 * with, expired or signed out signs the person out and is recorded.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final Set<String> PUBLIC = Set.of("/health", "/signin", "/signin/oidc", "/auth/callback", "/favicon.ico");

    /** The parts of the console the pages are made of. */
    public interface Routes {
        void register(RoutesConfig routes);
    }

    private final Javalin app;

    private WebServer(Javalin app) {
        this.app = app;
    }

    /**
     * Starts serving; {@code health} is what {@code /health} answers (status, then reasons).
     */
    public static WebServer start(ConsoleConfig c, Web web, Supplier<List<String>> healthProblems, List<Routes> routes) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.asyncTimeout = 0; // the live feed stays open
            config.jetty.addConnector((server, http) -> tls(server, http, c));
            config.routes.before(ctx -> guard(ctx, web));
            config.routes.get("/health", ctx -> {
                List<String> p = healthProblems.get();
                ctx.status(p.isEmpty() ? 200 : 503).contentType("application/json")
                        .result(Json.write(Map.of("status", p.isEmpty() ? "UP" : "DOWN", "reasons", p)));
            });
            for (Routes r : routes) r.register(config.routes);
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) web.notFound(ctx, "There is no page at this address.");
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                try {
                    log.error("console request failed path={} error={}", ctx.path(), e.toString(), e);
                    ctx.status(500);
                    web.render(ctx, "message.jte", new Pages.Message(web.layout(ctx, "Something went wrong", null),
                            "Something went wrong", "The console could not do that. It has been logged; try again.", "/",
                            "Back to the queue"));
                } catch (RuntimeException gone) {
                    // the request is over (a browser that left a live stream): nothing to answer
                }
            });
        });
        app.start();
        return new WebServer(app);
    }

    private static ServerConnector tls(Server server, HttpConfiguration http, ConsoleConfig c) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(c.keystore().toAbsolutePath().toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(c.keystorePassword() == null ? "" : c.keystorePassword());
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // People reach an appliance by its address as often as by its name; the certificate decides, not the SNI.
        secure.setSniHostCheck(false);
        secure.setStsMaxAge(31_536_000);
        http.addCustomizer(secure);
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(http));
        connector.setHost(c.bind());
        connector.setPort(c.port());
        return connector;
    }

    /** Headers on every response, then: a session for everything but the public pages, a CSRF token for every change. */
    private static void guard(Context ctx, Web web) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        String path = ctx.path();
        if (path.startsWith("/assets/")) return;
        ctx.header("Cache-Control", "no-store");
        if (PUBLIC.contains(path)) return;
        Sessions.Checked s = web.sessions.read(ctx.cookie(Web.SESSION));
        if (s.verdict() != Sessions.Verdict.OK) {
            if (s.verdict() != Sessions.Verdict.MISSING) {
                web.audit(ctx, s.identity() == null ? null : s.identity().user(), ConsoleEvent.SESSION_REFUSED, path,
                        refusal(s.verdict()));
                ctx.cookie(Web.cookie(Web.SESSION, "", 0));
                web.flash(ctx, "important", refusal(s.verdict()) + ": sign in again.");
            }
            if (ctx.method() == HandlerType.GET && !path.equals("/events") && !path.contains(".")) {
                ctx.redirect("/signin?next=" + URLEncoder.encode(path + (ctx.queryString() == null ? ""
                        : "?" + ctx.queryString()), StandardCharsets.UTF_8));
            } else {
                ctx.status(401).result("sign in first");
            }
            ctx.skipRemainingHandlers();
            return;
        }
        Identity who = s.identity();
        if (web.sessions.stale(who)) {
            who = web.sessions.touch(who);
            ctx.cookie(Web.cookie(Web.SESSION, web.sessions.cookie(who), -1));
        }
        ctx.attribute(Web.IDENTITY, who);
        if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD && !sameOrigin(ctx, web, who)) {
            web.audit(ctx, ConsoleEvent.REQUEST_REFUSED, path, "no valid CSRF token, or not from this site");
            ctx.status(403);
            web.render(ctx, "message.jte", new Pages.Message(web.layout(ctx, "Refused", null), "Refused",
                    "This request did not come from a page of this console (its form token is missing or wrong), so it "
                            + "was not carried out. Reload the page and try again.", "/", "Back to the queue"));
            ctx.skipRemainingHandlers();
        }
    }

    /** The form's (or header's) CSRF token matches the session, and the browser says the request is from this origin. */
    private static boolean sameOrigin(Context ctx, Web web, Identity who) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) return false;
        String token = ctx.header("X-CSRF-Token");
        if (token == null) token = ctx.formParam("csrf");
        return web.sessions.csrfMatches(who.sid(), token);
    }

    static String refusal(Sessions.Verdict v) {
        return switch (v) {
            case TAMPERED -> "Your session cookie was not one this console made";
            case EXPIRED -> "Your session has ended";
            case IDLE -> "You were signed out after a while without using the console";
            case SIGNED_OUT -> "That session was signed out";
            default -> "No session";
        };
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
