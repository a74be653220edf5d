package io.vigil.cli.config;

import io.vigil.runtime.config.Setting;
import static io.vigil.runtime.config.Setting.duration;
import static io.vigil.runtime.config.Setting.list;
import static io.vigil.runtime.config.Setting.number;
import static io.vigil.runtime.config.Setting.path;
import static io.vigil.runtime.config.Setting.text;

import io.vigil.notifier.NotifierConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The notifier's settings, each declared once (see {@link Setting}): its own, those every
 * channel has ({@code channels.NAME.*}; each channel type declares the rest of its keys) and
 * those of a route ({@code routes.N.*}).
 */
public final class NotifierKeys {

    private static final NotifierConfig D = NotifierConfig.defaults();

    public static final Setting<String> GROUP_ID = text("group-id", D.groupId(),
            "the consumer group: notifiers with the same id share the alerts").flag("--group-id", "ID");
    public static final Setting<Duration> RETRY_FIRST = duration("retry.first", D.firstRetry(), "first wait before a failed delivery is retried");
    public static final Setting<Duration> RETRY_MAX = duration("retry.max", D.maxRetry(), "the longest wait between retries (backoff doubles up to it)");
    public static final Setting<Integer> RETRY_ATTEMPTS = number("retry.attempts", D.maxAttempts(),
            "attempts before a notice is dead-lettered (and the channel's failure counted)");
    public static final Setting<String> CONSOLE_URL = text("console.url", null,
            "the console's address (`https://vigil.trust.nhs.uk`): every notice links to the alert's page there");
    public static final Setting<String> ACK_TOKEN = text("ack.token", null,
            "bearer token of the acknowledgement endpoint (16+ characters); without it there is no endpoint");
    public static final Setting<String> ACK_BIND = text("ack.bind", "127.0.0.1",
            "address of the acknowledgement endpoint; other than loopback needs a keystore");
    public static final Setting<Integer> ACK_PORT = number("ack.port", 9466, "port of the acknowledgement endpoint");
    public static final Setting<Path> ACK_KEYSTORE = path("ack.tls-keystore", null, "PKCS12 keystore: the endpoint speaks HTTPS (TLS 1.2/1.3)");
    public static final Setting<String> ACK_KEYSTORE_PASSWORD = text("ack.tls-keystore-password", null, "its password");

    /** Under {@code channels.NAME}: what every channel has, whatever its type. */
    public static final Setting<String> CHANNEL_TYPE = text("type", null, "the channel's type: webhook, email, syslog, console");
    public static final Setting<Duration> CHANNEL_TIMEOUT = duration("timeout", Duration.ofSeconds(10),
            "how long one delivery may take");
    public static final Setting<Path> CHANNEL_TRUSTSTORE = path("truststore", null,
            "PKCS12 truststore, or a CA's PEM certificate, for the channel's TLS (default: the system's)");
    public static final Setting<String> CHANNEL_TRUSTSTORE_PASSWORD = text("truststore-password", null, "its password");

    /** Under {@code routes.N}: which alerts go to which channels. */
    public static final Setting<String> ROUTE_NAME = text("name", null, "the route's name (default: route-N)");
    public static final Setting<String> ROUTE_MIN_SEVERITY = text("min-severity", "medium", "the least severe alert it takes");
    public static final Setting<List<String>> ROUTE_TYPES = list("types", List.of(), "alert types it takes (none: all)");
    public static final Setting<List<String>> ROUTE_SITES = list("sites", List.of(), "sites it takes (none: all)");
    public static final Setting<List<String>> ROUTE_CHANNELS = list("channels", List.of(), "channels its alerts go to");
    public static final Setting<Integer> ROUTE_RATE_LIMIT = number("rate-limit", 0,
            "alerts a channel gets from it per rate-per; the rest go out as one digest (0: no limit)");
    public static final Setting<Duration> ROUTE_RATE_PER = duration("rate-per", null, "the rate limit's window (default 10m)");
    public static final Setting<Duration> ROUTE_ESCALATE_AFTER = duration("escalate-after", null,
            "an alert nobody acknowledged by then goes to escalate-to");
    public static final Setting<List<String>> ROUTE_ESCALATE_TO = list("escalate-to", List.of(), "channels an escalation goes to");

    /** The notifier's own settings, in the order --check prints them. */
    public static final List<Setting<?>> ALL;
    public static final List<Setting<?>> CHANNEL = List.of(CHANNEL_TYPE, CHANNEL_TIMEOUT, CHANNEL_TRUSTSTORE,
            CHANNEL_TRUSTSTORE_PASSWORD);
    public static final List<Setting<?>> ROUTE = List.of(ROUTE_NAME, ROUTE_MIN_SEVERITY, ROUTE_TYPES, ROUTE_SITES,
            ROUTE_CHANNELS, ROUTE_RATE_LIMIT, ROUTE_RATE_PER, ROUTE_ESCALATE_AFTER, ROUTE_ESCALATE_TO);

    static {
        List<Setting<?>> all = new ArrayList<>(List.of(CommonKeys.NAMESPACE, GROUP_ID, RETRY_FIRST, RETRY_MAX,
                RETRY_ATTEMPTS, CommonKeys.KAFKA, CONSOLE_URL, ACK_TOKEN, ACK_BIND, ACK_PORT, ACK_KEYSTORE, ACK_KEYSTORE_PASSWORD));
        all.addAll(KafkaAuth.ALL);
        all.addAll(CommonKeys.metrics(9467));
        ALL = List.copyOf(all);
    }

    private NotifierKeys() {}
}
