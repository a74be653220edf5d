package io.vigil.cli.config;

import io.vigil.runtime.config.Setting;
import static io.vigil.runtime.config.Setting.duration;
import static io.vigil.runtime.config.Setting.list;
import static io.vigil.runtime.config.Setting.number;
import static io.vigil.runtime.config.Setting.path;
import static io.vigil.runtime.config.Setting.text;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The console's settings, each declared once (see {@link Setting}). */
public final class ConsoleKeys {

    public static final Setting<String> BIND = text("bind", "127.0.0.1",
            "address the console listens on (HTTPS only)").flag("--bind", "ADDRESS");
    public static final Setting<Integer> PORT = number("port", 9443, "its port (0: any free port)").flag("--port", "PORT");
    public static final Setting<Path> KEYSTORE = path("tls-keystore", null,
            "PKCS12 keystore with the console's certificate and key (TLS 1.2/1.3); required");
    public static final Setting<String> KEYSTORE_PASSWORD = text("tls-keystore-password", null,
            "its password (write `${file:PATH}` to keep it out of the file)");
    public static final Setting<String> URL = text("url", null,
            "the address people reach it at (`https://vigil.trust.nhs.uk`); sign-in redirects use it; "
                    + "default https://BIND:PORT");
    public static final Setting<Path> USERS = path("users", null,
            "local users file (`vigil console-user` writes it); none: OpenID Connect only").flag("--users", "FILE");
    public static final Setting<Path> SESSION_KEY = path("session-key-file", null,
            "32+ random bytes that sign session cookies; instances behind one address share it (none: a new key each start)");
    public static final Setting<Duration> SESSION = duration("session", Duration.ofHours(12),
            "the longest a sign-in lasts (a night shift)");
    public static final Setting<Duration> IDLE = duration("idle", Duration.ofMinutes(30),
            "signed out after this long without using the console");
    public static final Setting<Duration> KEEP = duration("keep", Duration.ofDays(90),
            "how long an alert stays in view after its last update");
    public static final Setting<Integer> LOCKOUT_ATTEMPTS = number("lockout.attempts", 5,
            "failed sign-ins for one name that lock it");
    public static final Setting<Duration> LOCKOUT_WINDOW = duration("lockout.window", Duration.ofMinutes(15),
            "within this time, and for this long");
    public static final Setting<String> OIDC_ISSUER = text("oidc.issuer", null,
            "OpenID Connect provider (`https://login.microsoftonline.com/TENANT/v2.0`); none: no single sign-on");
    public static final Setting<String> OIDC_NAME = text("oidc.name", "your organisation's sign-in",
            "what the sign-in button calls the provider");
    public static final Setting<String> OIDC_CLIENT_ID = text("oidc.client-id", null, "the console's client id at the provider");
    public static final Setting<String> OIDC_CLIENT_SECRET = text("oidc.client-secret", null,
            "its client secret (write `${file:PATH}`)");
    public static final Setting<String> OIDC_ROLE_CLAIM = text("oidc.role-claim", "roles",
            "the ID token claim that lists a person's roles or groups (Entra ID app roles: roles)");
    public static final Setting<List<String>> OIDC_ADMINS = list("oidc.admin-roles", List.of(),
            "values of the claim that make an admin");
    public static final Setting<List<String>> OIDC_ANALYSTS = list("oidc.analyst-roles", List.of(),
            "values that make an analyst");
    public static final Setting<List<String>> OIDC_VIEWERS = list("oidc.viewer-roles", List.of(),
            "values that make a viewer; someone with none of these is refused");
    public static final Setting<Path> OIDC_TRUSTSTORE = path("oidc.truststore", null,
            "PKCS12 truststore or CA PEM to trust the provider with (default: the JVM's CAs)");
    public static final Setting<String> OIDC_TRUSTSTORE_PASSWORD = text("oidc.truststore-password", null, "its password");

    /** In the order --check prints them. */
    public static final List<Setting<?>> ALL;

    static {
        List<Setting<?>> all = new ArrayList<>(List.of(CommonKeys.NAMESPACE, BIND, PORT, KEYSTORE, KEYSTORE_PASSWORD, URL,
                USERS, SESSION_KEY, SESSION, IDLE, KEEP, LOCKOUT_ATTEMPTS, LOCKOUT_WINDOW, OIDC_ISSUER, OIDC_NAME,
                OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ROLE_CLAIM, OIDC_ADMINS, OIDC_ANALYSTS, OIDC_VIEWERS,
                OIDC_TRUSTSTORE, OIDC_TRUSTSTORE_PASSWORD, CommonKeys.KAFKA));
        all.addAll(KafkaAuth.ALL);
        all.addAll(CommonKeys.metrics(9469));
        ALL = List.copyOf(all);
    }

    private ConsoleKeys() {}
}
