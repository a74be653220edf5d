package io.vigil.cli.runtime;

import io.vigil.cli.UserException;
import io.vigil.cli.admin.AccessPlan;
import io.vigil.cli.admin.StartCheck;
import io.vigil.cli.admin.TopicPlan;
import io.vigil.embedded.BrokerTls;
import io.vigil.embedded.EmbeddedKafka;
import io.vigil.model.Cidr;
import io.vigil.model.Topics;
import io.vigil.runtime.Leaders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.LoggerFactory;

/**
 * The Kafka a command talks to: the user's cluster, checked for reachability up front, or
 * an in-process broker started for the command and removed when it ends.
 */
public final class KafkaEndpoint implements AutoCloseable {

    private final EmbeddedKafka embedded;
    private final Map<String, Object> clientProps;

    private KafkaEndpoint(EmbeddedKafka embedded, Map<String, Object> clientProps) {
        this.embedded = embedded;
        this.clientProps = clientProps;
    }

    public static KafkaEndpoint open(KafkaOptions options) {
        Map<String, Object> props = options.clientProps();
        return options.embedded() ? embedded(props) : connect(props);
    }

    /** The user's cluster, checked for reachability now rather than at the first record. */
    public static KafkaEndpoint connect(Map<String, ?> clientProps) {
        List<String> problems = problems(clientProps);
        if (!problems.isEmpty()) throw new UserException(String.join("; ", problems));
        KafkaEndpoint e = new KafkaEndpoint(null, tlsDefaults(clientProps));
        e.checkReachable();
        return e;
    }

    /** A role's cluster from its kafka settings, or an in-process broker (for trials) when they name none. */
    public static KafkaEndpoint forRole(Map<String, ?> kafka) {
        return kafka.containsKey("bootstrap.servers") ? connect(kafka) : embedded(kafka);
    }

    /** An in-process broker for this command, with {@code clientProps} for anything else. */
    public static KafkaEndpoint embedded(Map<String, ?> clientProps) {
        return embedded(clientProps, false);
    }

    /** An in-process broker, listening with TLS only (its own CA, trusted by every client) when {@code tls}. */
    public static KafkaEndpoint embedded(Map<String, ?> clientProps, boolean tls) {
        List<String> problems = problems(clientProps);
        if (!problems.isEmpty()) throw new UserException(String.join("; ", problems));
        EmbeddedKafka k = tls ? EmbeddedKafka.startNewWithTls() : EmbeddedKafka.startNew();
        Map<String, Object> props = new HashMap<>(clientProps);
        props.putAll(k.clientProps());
        return new KafkaEndpoint(k, props);
    }

    /**
     * The site appliance's broker ({@code vigil standalone}): in-process, on loopback, its data
     * kept in {@code dir} across restarts (baselines, episodes, the audit trail live in its
     * topics); TLS only when {@code tls}, with a CA and certificate kept beside the data;
     * with {@code clientAuth} also a client certificate from that CA, which only the appliance's
     * own roles (and whoever can read {@code dir/tls}) hold.
     */
    public static KafkaEndpoint persistent(Path dir, int port, int controllerPort, boolean tls, boolean clientAuth) {
        EmbeddedKafka k = EmbeddedKafka.persistent(dir, port, controllerPort);
        try {
            if (tls) k.withTls(BrokerTls.inDirectory(dir.resolve("tls")));
            if (tls && clientAuth) k.withClientAuth();
            k.start();
        } catch (RuntimeException e) {
            k.close();
            throw new UserException("the broker in " + dir + " did not start on 127.0.0.1:" + port + ": "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
        }
        return new KafkaEndpoint(k, tlsDefaults(k.clientProps()));
    }

    /**
     * What is wrong with a role's Kafka client settings, keys as written under {@code kafka:}:
     * a TLS protocol older than 1.2, or a cluster off this host reached without TLS when the
     * user did not say so (Kafka's default is plaintext; Vigil's is not).
     */
    public static List<String> problems(Map<String, ?> kafka) {
        List<String> out = new ArrayList<>();
        for (String key : kafka.keySet()) {
            String why = owned(key);
            if (why != null) out.add("kafka." + key + ": Vigil sets this itself (" + why + "); remove it");
        }
        for (String key : List.of("ssl.enabled.protocols", "ssl.protocol")) {
            Object v = kafka.get(key);
            if (v == null) continue;
            for (String proto : v.toString().split("\\s*,\\s*")) {
                if (!proto.isEmpty() && !Set.of("TLSv1.2", "TLSv1.3", "TLS").contains(proto)) {
                    out.add("kafka." + key + ": " + proto + " is refused; Vigil speaks TLSv1.2 or TLSv1.3 only");
                }
            }
        }
        Object servers = kafka.get("bootstrap.servers");
        if (servers != null && !kafka.containsKey("security.protocol") && !allLoopback(servers.toString())) {
            out.add("kafka.security.protocol: the cluster at " + servers + " is not on this host; set SSL or SASL_SSL "
                    + "(or PLAINTEXT explicitly, only on a network you trust)");
        }
        return out;
    }

    /**
     * Why Vigil owns a client key that would weaken its guarantees if a user set it, or null.
     * Passed-through keys are otherwise untouched; these are refused rather than silently
     * overwritten. Streams' prefixed forms ({@code producer.acks}) count too.
     */
    static String owned(String key) {
        String k = key.replaceFirst("^(main\\.consumer|restore\\.consumer|global\\.consumer|consumer|producer|admin)\\.", "");
        switch (k) {
            case "enable.idempotence":
            case "acks":
                return "producers are idempotent with acks=all, so no record is lost or doubled";
            case "isolation.level":
                return "only committed records are read: an aborted alert must never page anyone";
            case "processing.guarantee":
                return "the detector is exactly-once";
            case "enable.auto.commit":
                return "offsets are committed only for what was processed or delivered";
            case "application.id":
                return "it is the detector's application-id setting";
            case "group.id":
                return "it is the notifier's group-id setting";
            default:
                return null;
        }
    }

    private static boolean allLoopback(String servers) {
        for (String s : servers.split(",")) {
            String host = s.trim().replaceFirst(":\\d+$", "").replace("[", "").replace("]", "");
            if (!Cidr.isLoopbackLiteral(host)) return false;
        }
        return true;
    }

    /** Every client Vigil makes speaks TLS 1.3 or 1.2 only, unless the user narrowed it further. */
    static Map<String, Object> tlsDefaults(Map<String, ?> clientProps) {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.putIfAbsent("ssl.enabled.protocols", BrokerTls.PROTOCOLS);
        return p;
    }

    public String bootstrap() {
        return String.valueOf(clientProps.get("bootstrap.servers"));
    }

    private void checkReachable() {
        Map<String, Object> p = admin();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.AuthenticationException a) {
                throw new UserException("Kafka at " + clientProps.get("bootstrap.servers") + " refused this client's "
                        + "authentication (" + io.vigil.cli.admin.ClientIdentity.describe(clientProps) + "): " + a.getMessage());
            }
            throw new UserException("cannot reach Kafka at " + clientProps.get("bootstrap.servers")
                    + " (no answer within 10 s; check --bootstrap and --kafka-config)");
        } catch (TimeoutException e) {
            throw new UserException("cannot reach Kafka at " + clientProps.get("bootstrap.servers")
                    + " (no answer within 10 s; check --bootstrap and --kafka-config)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while connecting to Kafka");
        } catch (KafkaException e) {
            throw new UserException("cannot use Kafka at " + clientProps.get("bootstrap.servers") + ": " + e.getMessage());
        }
    }

    public Map<String, Object> clientProps() {
        return new HashMap<>(clientProps);
    }

    /** The client properties as text, as a role's {@code kafka:} section holds them. */
    public Map<String, String> clientPropsAsText() {
        Map<String, String> out = new HashMap<>();
        clientProps.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    private Map<String, Object> admin() {
        return new HashMap<>(clientProps);
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /** Start time of the in-process broker in ms, or -1 when using a cluster. */
    public long embeddedStartMillis() {
        return embedded == null ? -1 : embedded.startMillis();
    }

    /**
     * Makes ready for {@code role}: on the in-process broker (a trial) its topics are created;
     * on a cluster they are an administrator's ({@code vigil topics apply}), and the role checks
     * that they exist, fit, and that its principal holds what {@link AccessPlan} grants it,
     * stopping with one line that names the topic or permission otherwise.
     */
    public void prepareFor(AccessPlan plan, AccessPlan.Role role) {
        if (embedded != null) {
            ensureTopics(plan.topics(), 2, java.time.Duration.ofDays(7).toMillis());
            return;
        }
        List<String> problems;
        try (Admin admin = Admin.create(admin())) {
            problems = StartCheck.problems(admin, plan, role);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while checking the topics");
        } catch (Exception e) {
            Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new UserException("cannot check the topics at " + bootstrap() + ": " + c.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new UserException(problems.get(0) + (problems.size() == 1 ? "" : " (and " + (problems.size() - 1)
                    + " more: " + String.join("; ", problems.subList(1, problems.size())) + ")"));
        }
    }

    /** A short-lived admin client on this cluster (for {@code vigil topics} and {@code vigil acls}). */
    public Admin adminClient() {
        return Admin.create(admin());
    }

    /** Creates the namespace's topics that do not exist yet. */
    public void ensureTopics(Topics topics, int flowPartitions, long retentionMs) {
        try (Admin admin = Admin.create(admin())) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> create = new ArrayList<>();
            for (Topics.TopicSpec s : topics.specs(flowPartitions, retentionMs)) {
                if (!existing.contains(s.name())) {
                    create.add(TopicPlan.newTopic(s));
                }
            }
            if (create.isEmpty()) return;
            try {
                admin.createTopics(create).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
            }
            Leaders.await(admin, create.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics");
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics in namespace " + topics.namespace() + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
    }

    /** Deletes topics by name prefix (for offline runs on a shared cluster). */
    public void deleteTopicsWithPrefix(String... prefixes) {
        try (Admin admin = Admin.create(admin())) {
            List<String> doomed = new ArrayList<>();
            for (String name : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
                for (String p : prefixes) {
                    if (name.startsWith(p)) doomed.add(name);
                }
            }
            if (!doomed.isEmpty()) admin.deleteTopics(doomed).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LoggerFactory.getLogger(KafkaEndpoint.class)
                    .warn("cannot delete run topics prefixes={} error={}", List.of(prefixes), e.toString());
        }
    }

    @Override
    public void close() {
        if (embedded != null) embedded.close();
    }
}
