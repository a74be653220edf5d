package io.vigil.console;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.console.auth.LocalUsers;
import io.vigil.console.auth.OidcClient;
import io.vigil.console.auth.Sessions;
import io.vigil.console.auth.SignInGuard;
import io.vigil.console.auth.Trust;
import io.vigil.console.flows.FlowFinder;
import io.vigil.console.view.AlertView;
import io.vigil.console.view.Feed;
import io.vigil.console.web.AlertRoutes;
import io.vigil.console.web.Assets;
import io.vigil.console.web.FlowRoutes;
import io.vigil.console.web.PacketRoutes;
import io.vigil.console.packets.PacketShelf;
import io.vigil.console.web.LiveFeed;
import io.vigil.console.web.OidcRoutes;
import io.vigil.console.web.QueueRoutes;
import io.vigil.console.web.SignInRoutes;
import io.vigil.console.web.SuppressionRoutes;
import io.vigil.console.web.Web;
import io.vigil.console.web.WebServer;
import io.vigil.runtime.Health;
import io.vigil.runtime.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console role: the analysts' web page over Kafka. It reads the alerts, triage, audit,
 * suppression and heartbeat topics into a view ({@link Feed}, {@link AlertView}), serves it over
 * HTTPS, and writes what people do back to Kafka ({@link Recorder}). It is never on the alert
 * path: with it stopped, alerts are still detected and delivered; what it writes (triage,
 * suppressions) the notifier reads from Kafka like any other record. The constructor starts
 * nothing; {@link #start()} reads and serves; {@link #close()} stops both.
 */
public final class Console implements Role {

    private final ConsoleConfig config;
    private final Map<String, Object> clientProps;
    private final Clock clock;
    private final AlertView view;
    private String oidcName = "your organisation's sign-in";
    private Feed feed;
    private Recorder recorder;
    private LiveFeed live;
    private WebServer server;

    public Console(ConsoleConfig config, Map<String, Object> clientProps) {
        this(config, clientProps, Clock.systemUTC());
    }

    public Console(ConsoleConfig config, Map<String, Object> clientProps, Clock clock) {
        this.config = config;
        this.clientProps = new HashMap<>(clientProps);
        this.clock = clock;
        this.view = new AlertView(clock, config.keep());
    }

    /** What the sign-in button calls the OpenID Connect provider. */
    public Console withOidcName(String name) {
        if (name != null) this.oidcName = name;
        return this;
    }

    @Override
    public String name() {
        return "console";
    }

    /**
     * Starts reading the topics and serving; a file it cannot read, a setting it refuses or an
     * address it cannot listen on is {@link Role.Refused}.
     */
    @Override
    public synchronized Console start() {
        try {
            return open();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new Role.Refused(e.getMessage(), e);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            if (!(root instanceof BindException)) throw e;
            throw new Role.Refused("console: cannot listen on " + config.bind() + ":" + config.port() + " ("
                    + root.getMessage() + ")", e);
        }
    }

    @Override
    public String running() {
        return url() + " reading " + clientProps.get("bootstrap.servers");
    }

    private Console open() {
        if (server != null) return this;
        List<String> p = config.problems();
        if (!p.isEmpty()) throw new IllegalArgumentException(String.join("; ", p));
        feed = new Feed(clientProps, config.topics(), view, clock, config.keep()).start();
        recorder = new Recorder(clientProps, config.topics());
        Sessions sessions = new Sessions(sessionKey(), config.session(), config.idle(), clock);
        Web web = new Web(view, recorder, sessions, clock);
        live = new LiveFeed(view);
        PacketShelf packets = PacketShelf.kafka(clientProps, config.topics(), Duration.ofSeconds(60), clock);
        LocalUsers users = config.users() == null ? null : new LocalUsers(config.users());
        SignInGuard guard = new SignInGuard(config.lockoutAttempts(), config.lockoutWindow(), clock);
        SignInRoutes signIn = new SignInRoutes(web, users, guard, config.oidc() == null ? null : oidcName);
        List<WebServer.Routes> routes = new ArrayList<>(List.of(new Assets(), signIn, new QueueRoutes(web), new AlertRoutes(web, packets),
                new SuppressionRoutes(web), new FlowRoutes(web,
                        new FlowFinder(clientProps, config.topics(), clock)), new PacketRoutes(web, packets), live));
        if (config.oidc() != null) {
            // the redirect is made from the address people use (with port 0, known once bound)
            var oidc = new OidcClient(config.oidc(), () -> url() + "/auth/callback",
                    Trust.of(config.oidc().truststore(), config.oidc().truststorePassword()));
            routes.add(new OidcRoutes(web, oidc, signIn));
        }
        server = WebServer.start(config, web, this::healthProblems, routes);
        return this;
    }

    private byte[] sessionKey() {
        if (config.sessionKey() == null) return Sessions.randomKey();
        try {
            byte[] k = Files.readAllBytes(config.sessionKey());
            if (k.length < 32) throw new IllegalArgumentException("session-key-file: " + config.sessionKey()
                    + " holds " + k.length + " bytes; it needs 32 or more (head -c 32 /dev/urandom > FILE)");
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException("session-key-file: cannot read " + config.sessionKey(), e);
        }
    }

    /** The port it serves on (the one asked for, or the one given when 0 was asked for). */
    public int port() {
        return server.port();
    }

    /** Where people reach it. */
    public String url() {
        return config.publicUrl(port());
    }

    /** Whether the view has read what the topics held at start. */
    public boolean ready() {
        return feed != null && feed.ready();
    }

    public AlertView view() {
        return view;
    }

    /** Why it is DOWN: the feed cannot read, or the web server is not serving; empty when UP. */
    List<String> healthProblems() {
        List<String> r = new ArrayList<>();
        if (server == null) r.add("the console is not running");
        if (feed != null && feed.problem() != null) r.add(feed.problem());
        return r;
    }

    /** UP once the view has caught up; DEGRADED while it reads what the topics held; DOWN when it cannot read or serve. */
    @Override
    public Health health() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("url", server == null ? null : url());
        d.put("alerts_in_view", view.size());
        d.put("ready", ready());
        Health h = Health.of(healthProblems(), d);
        return h.down() || ready() ? h : new Health(Health.DEGRADED, List.of("reading what the topics held"), d);
    }

    @Override
    public void bindMetrics(MeterRegistry r) {
        Gauge.builder("vigil.console.alerts.in.view", view, AlertView::size).description("alerts the console holds").register(r);
        Gauge.builder("vigil.console.live.clients", live, LiveFeed::clients).description("browsers on the live feed")
                .register(r);
        FunctionCounter.builder("vigil.console.records.read", feed, Feed::records).description("records read into the view")
                .register(r);
        FunctionCounter.builder("vigil.console.records.unreadable", feed, Feed::unreadable)
                .description("records that could not be read (skipped; the role that wrote them dead-letters them)")
                .register(r);
        FunctionCounter.builder("vigil.console.audit.failures", recorder, Recorder::auditFailures)
                .description("console audit records Kafka did not take").register(r);
        Gauge.builder("vigil.console.ready", this, c -> c.ready() ? 1 : 0).description("1 once the view has caught up")
                .register(r);
    }

    @Override
    public synchronized void close() {
        if (server != null) server.close();
        if (live != null) live.close();
        if (feed != null) feed.close();
        if (recorder != null) recorder.close();
        server = null;
        live = null;
        feed = null;
        recorder = null;
    }
}
