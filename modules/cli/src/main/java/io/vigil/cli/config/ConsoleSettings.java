package io.vigil.cli.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.OpsServer;
import io.vigil.console.ConsoleConfig;
import io.vigil.console.OidcConfig;
import io.vigil.model.Topics;
import io.vigil.runtime.config.ConfigTree;
import io.vigil.runtime.config.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the console's settings ({@link ConsoleKeys}); every problem is named by its key. */
public final class ConsoleSettings {

    /** What was read: the console's config, its Kafka client settings, its metrics endpoint. */
    public record Loaded(ConsoleConfig config, String oidcName, Map<String, String> kafka, OpsServer.Settings ops,
                         List<String> problems, ObjectNode effective) {}

    private ConsoleSettings() {}

    /**
     * @param appliance whether the appliance supplies what the section leaves out: a certificate of its own CA and,
     *     without users or single sign-on, a first admin
     */
    public static Loaded read(ConfigTree t, boolean appliance) {
        Setting.Values v = Setting.Values.read(t, ConsoleKeys.ALL);
        List<String> problems = new ArrayList<>();
        Topics topics = CommonKeys.topics(v, problems);
        OidcConfig oidc = v.get(ConsoleKeys.OIDC_ISSUER) == null ? null : new OidcConfig(v.get(ConsoleKeys.OIDC_ISSUER),
                v.get(ConsoleKeys.OIDC_CLIENT_ID), v.get(ConsoleKeys.OIDC_CLIENT_SECRET), v.get(ConsoleKeys.OIDC_ROLE_CLAIM),
                v.get(ConsoleKeys.OIDC_VIEWERS), v.get(ConsoleKeys.OIDC_ANALYSTS), v.get(ConsoleKeys.OIDC_ADMINS),
                v.get(ConsoleKeys.OIDC_TRUSTSTORE), v.get(ConsoleKeys.OIDC_TRUSTSTORE_PASSWORD));
        ConsoleConfig c = new ConsoleConfig(topics, v.get(ConsoleKeys.BIND), v.get(ConsoleKeys.PORT), v.get(ConsoleKeys.KEYSTORE),
                v.get(ConsoleKeys.KEYSTORE_PASSWORD), v.get(ConsoleKeys.URL), v.get(ConsoleKeys.USERS),
                v.get(ConsoleKeys.SESSION_KEY), v.get(ConsoleKeys.SESSION), v.get(ConsoleKeys.IDLE), v.get(ConsoleKeys.KEEP),
                v.get(ConsoleKeys.LOCKOUT_ATTEMPTS), v.get(ConsoleKeys.LOCKOUT_WINDOW), oidc);
        for (String p : c.problems()) {
            if (appliance && (p.startsWith("tls-keystore: missing") || p.startsWith("users: nobody"))) continue;
            problems.add(p);
        }
        Map<String, String> kafka = KafkaAuth.clientProps(v, problems);
        OpsServer.Settings ops = CommonKeys.ops(v);
        List<String> all = new ArrayList<>(t.problems());
        all.addAll(problems);
        all.addAll(ops.problems());
        all.addAll(KafkaEndpoint.problems(kafka));
        return new Loaded(c, v.get(ConsoleKeys.OIDC_NAME), kafka, ops, t.located(all), v.effective());
    }
}
