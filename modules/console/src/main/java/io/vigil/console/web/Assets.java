package io.vigil.console.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The console's stylesheets, script and icon, all served from the jar (a site may have no
 * internet, and a CDN is someone else's code on an analyst's screen). GOV.UK Frontend's
 * stylesheet comes from its webjar with one change made as it is loaded: its typeface, GDS
 * Transport, is licensed for GOV.UK services only, so its {@code @font-face} rules are dropped
 * and the stacks fall back to Arial — the typeface NHS services use where theirs is not there.
 */
public final class Assets implements WebServer.Routes {

    static final String GOVUK = "/META-INF/resources/webjars/govuk-frontend/5.14.0/dist/govuk/govuk-frontend.min.css";

    private record Asset(byte[] bytes, String type) {}

    private final Map<String, Asset> assets = Map.of(
            "/assets/govuk.css", new Asset(govukCss(), "text/css; charset=utf-8"),
            "/assets/console.css", new Asset(read("/io/vigil/console/assets/console.css"), "text/css; charset=utf-8"),
            "/assets/console.js", new Asset(read("/io/vigil/console/assets/console.js"), "text/javascript; charset=utf-8"),
            "/assets/favicon.svg", new Asset(read("/io/vigil/console/assets/favicon.svg"), "image/svg+xml"));

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/assets/{name}", this::serve);
        routes.get("/favicon.ico", ctx -> ctx.redirect("/assets/favicon.svg"));
    }

    private void serve(Context ctx) {
        Asset a = assets.get(ctx.path());
        if (a == null) {
            ctx.status(404).result("no such asset");
            return;
        }
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.contentType(a.type()).result(a.bytes());
    }

    static byte[] govukCss() {
        String css = new String(read(GOVUK), StandardCharsets.UTF_8)
                .replaceAll("@font-face\\{font-family:GDS Transport;[^}]*}", "")
                .replace("GDS Transport,arial,sans-serif", "arial,sans-serif");
        if (css.contains("GDS Transport")) throw new IllegalStateException("GOV.UK Frontend's stylesheet still names GDS Transport");
        return css.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(String resource) {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is not in the jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
