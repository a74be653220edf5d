package io.vigil.cli.config;

import io.vigil.runtime.config.Setting;
import static io.vigil.runtime.config.Setting.duration;
import static io.vigil.runtime.config.Setting.flag;
import static io.vigil.runtime.config.Setting.number;
import static io.vigil.runtime.config.Setting.path;
import static io.vigil.runtime.config.Setting.text;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The site appliance's own settings ({@code vigil standalone}), each declared once; its
 * {@code collector:}, {@code detector:} and {@code notifier:} sections are the roles' own
 * settings, read by the roles' readers.
 */
public final class StandaloneKeys {

    public static final Setting<Path> BROKER_DIR = path("broker.dir", Path.of("/var/lib/vigil/kafka"),
            "the broker's data: flows, alerts, baselines' changelogs, the audit trail; kept across restarts");
    public static final Setting<Integer> BROKER_PORT = number("broker.port", 9092, "the broker's port on 127.0.0.1");
    public static final Setting<Integer> BROKER_CONTROLLER_PORT = number("broker.controller-port", 9093,
            "the broker's KRaft controller port on 127.0.0.1");
    public static final Setting<Boolean> BROKER_TLS = flag("broker.tls", true,
            "the broker speaks TLS 1.3/1.2 only (its own CA and certificate, made on first start beside the data)");
    public static final Setting<Boolean> BROKER_CLIENT_AUTH = flag("broker.client-auth", true,
            "with broker.tls, clients must present a certificate from the broker's CA (mutual TLS): one is made beside it for the "
                    + "appliance's roles, and anything else on the box that connects needs it (`tls/vigil-appliance.p12`)");
    public static final Setting<Integer> BROKER_PARTITIONS = number("broker.partitions", 2, "partitions of the flows topic");
    public static final Setting<Duration> BROKER_RETENTION = duration("broker.retention", Duration.ofDays(7),
            "how long flows are kept (alerts and the audit trail: 400 days)");
    public static final Setting<Path> REPORT_OUT = path("report.out", null,
            "where the weekly reports are written, at report.at for the week before (none: no reports)");
    public static final Setting<String> REPORT_MAIL_CHANNEL = text("report.mail-channel", null,
            "an e-mail channel of the notifier section that also mails each report");
    public static final Setting<String> REPORT_AT = text("report.at", "MONDAY 06:00",
            "when the week's reports are made (day and local time)");
    public static final Setting<List<String>> INTEL_SOURCES = Setting.list("intel.sources", List.of(),
            "threat indicator sources (files or https URLs: STIX 2.1, MISP, CSV) loaded at start and every intel.every");
    public static final Setting<Duration> INTEL_EVERY = duration("intel.every", Duration.ofHours(6),
            "how often the indicator sources are loaded again");
    public static final Setting<Path> INTEL_TOKEN_FILE = path("intel.token-file", null,
            "a bearer token for https indicator sources, read from this file");
    public static final Setting<Path> INTEL_TRUSTSTORE = path("intel.truststore", null,
            "PKCS12 truststore or CA PEM for https indicator sources (none: the JVM's CAs)");
    public static final Setting<String> INTEL_TRUSTSTORE_PASSWORD = text("intel.truststore-password", null,
            "its password, for PKCS12");
    public static final Setting<Path> INTEL_KEYSTORE = path("intel.keystore", null,
            "PKCS12 client certificate for indicator sources that ask for one");
    public static final Setting<String> INTEL_KEYSTORE_PASSWORD = text("intel.keystore-password", null, "its password");

    /** In the order --check prints them. */
    public static final List<Setting<?>> ALL;

    static {
        List<Setting<?>> all = new ArrayList<>(List.of(CommonKeys.NAMESPACE, BROKER_DIR, BROKER_PORT, BROKER_CONTROLLER_PORT,
                BROKER_TLS, BROKER_CLIENT_AUTH, BROKER_PARTITIONS, BROKER_RETENTION, REPORT_OUT, REPORT_MAIL_CHANNEL, REPORT_AT, INTEL_SOURCES,
                INTEL_EVERY, INTEL_TOKEN_FILE, INTEL_TRUSTSTORE, INTEL_TRUSTSTORE_PASSWORD, INTEL_KEYSTORE,
                INTEL_KEYSTORE_PASSWORD));
        all.addAll(CommonKeys.metrics(9464));
        ALL = List.copyOf(all);
    }

    /** Keys a role's section may not have: the appliance sets them once for all three. */
    public static final List<String> SET_ONCE = List.of("kafka", "kafka-auth", "namespace", "metrics");

    private StandaloneKeys() {}
}
