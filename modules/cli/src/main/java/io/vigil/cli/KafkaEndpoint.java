package io.vigil.cli;

import io.vigil.embedded.EmbeddedKafka;
import io.vigil.model.Topics;
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
import org.apache.kafka.common.errors.TopicExistsException;

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
        KafkaEndpoint e = new KafkaEndpoint(null, new HashMap<>(clientProps));
        e.checkReachable();
        return e;
    }

    /** A role's cluster from its kafka settings, or an in-process broker (for trials) when they name none. */
    public static KafkaEndpoint forRole(Map<String, ?> kafka) {
        return kafka.containsKey("bootstrap.servers") ? connect(kafka) : embedded(kafka);
    }

    /** An in-process broker for this command, with {@code clientProps} for anything else. */
    public static KafkaEndpoint embedded(Map<String, ?> clientProps) {
        EmbeddedKafka k = EmbeddedKafka.startNew();
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put("bootstrap.servers", k.bootstrapServers());
        return new KafkaEndpoint(k, props);
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
        } catch (TimeoutException | ExecutionException e) {
            throw new UserException("cannot reach Kafka at " + clientProps.get("bootstrap.servers")
                    + " (no answer within 10 s; check --bootstrap and --kafka-config)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while connecting to Kafka");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new UserException("cannot use Kafka at " + clientProps.get("bootstrap.servers") + ": " + e.getMessage());
        }
    }

    public Map<String, Object> clientProps() {
        return new HashMap<>(clientProps);
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

    /** Creates the namespace's topics that do not exist yet. */
    public void ensureTopics(Topics topics, int flowPartitions, long retentionMs) {
        try (Admin admin = Admin.create(admin())) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> create = new ArrayList<>();
            for (Topics.TopicSpec s : topics.specs(flowPartitions, retentionMs)) {
                if (!existing.contains(s.name())) {
                    create.add(new NewTopic(s.name(), java.util.Optional.of(s.partitions()), java.util.Optional.empty())
                            .configs(s.configs()));
                }
            }
            if (create.isEmpty()) return;
            try {
                admin.createTopics(create).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
            }
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
            org.slf4j.LoggerFactory.getLogger(KafkaEndpoint.class)
                    .warn("cannot delete run topics prefixes={} error={}", List.of(prefixes), e.toString());
        }
    }

    @Override
    public void close() {
        if (embedded != null) embedded.close();
    }
}
