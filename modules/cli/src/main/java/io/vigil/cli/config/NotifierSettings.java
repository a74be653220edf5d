package io.vigil.cli.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cli.UserException;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.OpsServer;
import io.vigil.model.AlertType;
import io.vigil.model.Cidr;
import io.vigil.model.Severity;
import io.vigil.model.Topics;
import io.vigil.notifier.AckServer;
import io.vigil.notifier.NotifierConfig;
import io.vigil.notifier.Route;
import io.vigil.notifier.channel.Channel;
import io.vigil.notifier.channel.ChannelSettings;
import io.vigil.notifier.channel.ChannelType;
import io.vigil.notifier.channel.ChannelTypes;
import io.vigil.notifier.channel.ConsoleChannel;
import io.vigil.runtime.Tls;
import io.vigil.runtime.config.ConfigTree;
import io.vigil.runtime.config.Setting;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the notifier's YAML (docs/configuration.md): {@code channels} by name, {@code routes}
 * in order, {@code retry}, {@code ack}, {@code kafka}, {@code metrics}. Every problem is
 * collected with its key; channels are only built when there is none, so a bad file never
 * opens a connection.
 */
public final class NotifierSettings {

    public record Loaded(NotifierConfig config, List<Channel> channels, Map<String, String> kafka, OpsServer.Settings ops,
                  AckServer.Settings ack, List<String> problems, ObjectNode effective) {}

    /** One channel's settings, kept so that {@code --check} can print them and the channel be built later. */
    private record ChannelSpec(String name, String type, Map<String, Object> shown, ChannelFactory factory) {}

    @FunctionalInterface
    private interface ChannelFactory {
        Channel build();
    }


    private NotifierSettings() {}

    /**
     * @param console where a console channel prints (the command's stderr)
     */
    public static Loaded read(ConfigTree t, PrintStream console, boolean color) {
        List<String> problems = new ArrayList<>();
        List<ChannelSpec> specs = new ArrayList<>();
        for (String name : t.keys("channels")) specs.add(channel(t, name, problems, console, color));
        if (t.keys("channels").isEmpty()) {
            // No file, or a file without channels: the console, so the role still shows what it gets.
            specs.add(new ChannelSpec("console", "console", Map.of("type", "console"),
                    () -> new ConsoleChannel(console, color)));
        }
        Set<String> names = new LinkedHashSet<>();
        specs.forEach(s -> names.add(s.name()));

        List<Route> routes = new ArrayList<>();
        int n = t.count("routes");
        for (int i = 0; i < n; i++) routes.add(route(t, "routes." + i, i, problems));

        Setting.Values v = Setting.Values.read(t, NotifierKeys.ALL);
        Topics topics = CommonKeys.topics(v, problems);
        NotifierConfig config = new NotifierConfig(v.get(NotifierKeys.GROUP_ID), topics, v.get(NotifierKeys.RETRY_FIRST),
                v.get(NotifierKeys.RETRY_MAX), v.get(NotifierKeys.RETRY_ATTEMPTS), routes, v.get(NotifierKeys.CONSOLE_URL));

        AckServer.Settings ack = null;
        String token = v.get(NotifierKeys.ACK_TOKEN);
        String ackBind = v.get(NotifierKeys.ACK_BIND);
        int ackPort = v.get(NotifierKeys.ACK_PORT);
        Path ackKeystore = v.get(NotifierKeys.ACK_KEYSTORE);
        if (token != null) {
            ack = new AckServer.Settings(ackBind, ackPort, token, ackKeystore, v.get(NotifierKeys.ACK_KEYSTORE_PASSWORD));
            if (token.length() < 16) problems.add("ack.token: must be at least 16 characters (use a random value)");
            if (ackKeystore == null && !Cidr.isLoopbackLiteral(ackBind)) {
                problems.add("ack.bind: " + ackBind + " is not loopback; set ack.tls-keystore (PKCS12) so the endpoint speaks HTTPS");
            }
            if (ackPort < 0 || ackPort > 65535) problems.add("ack.port: " + ackPort + " must be 0..65535");
            if (ackKeystore != null && !Files.isReadable(ackKeystore)) {
                problems.add("ack.tls-keystore: " + ackKeystore + " is not a readable file");
            }
        }

        Map<String, String> kafka = KafkaAuth.clientProps(v, problems);
        OpsServer.Settings ops = CommonKeys.ops(v);
        List<String> all = new ArrayList<>(t.problems());
        all.addAll(problems);
        all.addAll(config.problems(names));
        all.addAll(ops.problems());
        all.addAll(KafkaEndpoint.problems(kafka));

        // Every channel is built (constructors check and open nothing), so a bad URL or TLS
        // setting is listed with the file's other mistakes, not found after they are fixed.
        List<Channel> channels = new ArrayList<>();
        for (ChannelSpec s : specs) {
            try {
                Channel c = s.factory().build();
                if (c != null) channels.add(c);
            } catch (IllegalArgumentException e) {
                all.add("channels." + s.name() + ": " + e.getMessage());
            }
        }

        ObjectNode effective = v.effective();
        ObjectNode ch = effective.putObject("channels");
        for (ChannelSpec s : specs) ch.set(s.name(), ConfigTree.YAML.valueToTree(s.shown()));
        List<Map<String, Object>> shownRoutes = new ArrayList<>();
        for (Route r : config.routes().isEmpty() ? List.of(Route.everything(new ArrayList<>(names))) : config.routes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("min-severity", r.minSeverity().wire());
            m.put("types", r.types().stream().map(AlertType::wire).toList());
            m.put("sites", List.copyOf(r.sites()));
            m.put("channels", r.channels());
            if (r.rateLimited()) {
                m.put("rate-limit", r.rateLimit());
                m.put("rate-per", r.ratePer().toSeconds() + "s");
            }
            if (r.escalates()) {
                m.put("escalate-after", r.escalateAfter().toSeconds() + "s");
                m.put("escalate-to", r.escalateTo());
            }
            shownRoutes.add(m);
        }
        effective.set("routes", ConfigTree.YAML.valueToTree(shownRoutes));
        return new Loaded(config, channels, kafka, ops, ack, t.located(all), effective);
    }

    /**
     * The settings of a notifier file used by another command ({@code analyze --notify},
     * {@code report --mail}): the first problem, if any, is the command's one-line error.
     */
    public static Loaded readValid(Path file, PrintStream console, boolean color) {
        Loaded l = read(ConfigTree.load(file, System.getenv()), console, color);
        List<String> p = l.problems();
        if (!p.isEmpty()) {
            throw new UserException(p.get(0) + (p.size() > 1 ? " (and " + (p.size() - 1) + " more: vigil notifier --config "
                    + file + " --check lists them)" : ""));
        }
        return l;
    }

    /**
     * One channel: its type (registered by name in {@link ChannelTypes}) reads and checks its
     * own keys; the settings every channel has (timeout, truststore) are read here.
     */
    private static ChannelSpec channel(ConfigTree t, String name, List<String> problems, PrintStream console,
                                       boolean color) {
        String p = "channels." + name;
        String typeName = NotifierKeys.CHANNEL_TYPE.under(p).read(t);
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("type", typeName);
        ChannelType type = ChannelTypes.of(typeName);
        if (type == null) {
            problems.add(p + ".type: " + (typeName == null ? "missing" : "'" + typeName + "'") + "; one of "
                    + String.join(", ", ChannelTypes.names()));
            return new ChannelSpec(name, "invalid", shown, () -> null);
        }
        Duration timeout = NotifierKeys.CHANNEL_TIMEOUT.under(p).read(t);
        Path truststore = NotifierKeys.CHANNEL_TRUSTSTORE.under(p).read(t);
        String truststorePassword = NotifierKeys.CHANNEL_TRUSTSTORE_PASSWORD.under(p).read(t);
        if (truststore != null) {
            shown.put("truststore", truststore.toString());
            shown.put("truststore-password", truststorePassword);
        }
        shown.put("timeout", NotifierKeys.CHANNEL_TIMEOUT.shown(timeout));
        ChannelType.Common common = new ChannelType.Common(timeout, () -> Tls.context(truststore, truststorePassword),
                truststore != null, console, color);
        int before = problems.size();
        Supplier<Channel> build = type.read(name, new ChannelSettings() {
            @Override
            public String string(String key, String def) {
                return t.string(p + "." + key, def);
            }

            @Override
            public int integer(String key, int def) {
                return t.integer(p + "." + key, def);
            }

            @Override
            public boolean bool(String key, boolean def) {
                return t.bool(p + "." + key, def);
            }

            @Override
            public Duration duration(String key, Duration def) {
                return t.duration(p + "." + key, def);
            }

            @Override
            public Path path(String key, Path def) {
                return t.path(p + "." + key, def);
            }

            @Override
            public List<String> list(String key, List<String> def) {
                return t.list(p + "." + key, def);
            }

            @Override
            public void problem(String key, String what) {
                problems.add(p + "." + key + ": " + what);
            }

            @Override
            public void show(String key, Object value) {
                shown.put(key, value);
            }
        }, common);
        // A channel whose settings are wrong is not built: its mistakes are already listed.
        boolean valid = problems.size() == before;
        return new ChannelSpec(name, typeName.toLowerCase(Locale.ROOT), shown, () -> valid ? build.get() : null);
    }

    private static Route route(ConfigTree t, String p, int i, List<String> problems) {
        Setting.Values v = Setting.Values.read(t, NotifierKeys.ROUTE.stream().<Setting<?>>map(k -> k.under(p)).toList());
        String name = v.get(NotifierKeys.ROUTE_NAME.under(p));
        Severity min = Severity.MEDIUM;
        try {
            min = Severity.parse(v.get(NotifierKeys.ROUTE_MIN_SEVERITY.under(p)));
        } catch (IllegalArgumentException e) {
            problems.add(p + ".min-severity: " + e.getMessage());
        }
        Set<AlertType> types = new LinkedHashSet<>();
        for (String s : v.get(NotifierKeys.ROUTE_TYPES.under(p))) {
            try {
                types.add(AlertType.parse(s));
            } catch (IllegalArgumentException e) {
                problems.add(p + ".types: " + e.getMessage());
            }
        }
        int rate = v.get(NotifierKeys.ROUTE_RATE_LIMIT.under(p));
        Duration per = v.get(NotifierKeys.ROUTE_RATE_PER.under(p));
        return new Route(name == null ? "route-" + (i + 1) : name, min, types,
                new LinkedHashSet<>(v.get(NotifierKeys.ROUTE_SITES.under(p))), v.get(NotifierKeys.ROUTE_CHANNELS.under(p)),
                rate, per == null && rate > 0 ? Duration.ofMinutes(10) : per, v.get(NotifierKeys.ROUTE_ESCALATE_AFTER.under(p)),
                v.get(NotifierKeys.ROUTE_ESCALATE_TO.under(p)));
    }
}
