package io.vigil.cli.admin;

import io.vigil.model.Topics;
import io.vigil.model.Topics.Layout;
import io.vigil.model.Topics.TopicSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Every topic of a deployment as one declaration ({@link Topics#specs(Layout)}) held against a
 * cluster: what differs, made so by an administrator ({@code vigil topics apply}), and what a
 * role needs checked before it starts. Partitions only grow (Kafka cannot shrink them, and
 * keyed records would move); replicas are not moved (a reassignment is the cluster
 * operator's); settings are changed one by one, leaving others the cluster set alone.
 */
public final class TopicPlan {

    private final Topics topics;
    private final Layout layout;

    public TopicPlan(Topics topics, Layout layout) {
        this.topics = topics;
        this.layout = layout;
    }

    public List<TopicSpec> specs() {
        return topics.specs(layout);
    }

    /** One difference between the declaration and the cluster, said as a line, and whether apply can mend it. */
    public record Difference(String topic, String what, boolean mendable) {
        @Override
        public String toString() {
            return topic + ": " + what;
        }
    }

    /** What differs, topic by topic; empty when the cluster is as declared. */
    public List<Difference> differences(Admin admin) throws Exception {
        List<Difference> out = new ArrayList<>();
        Map<String, TopicDescription> found = describe(admin, specs().stream().map(TopicSpec::name).toList());
        Map<String, Config> configs = configs(admin, found.keySet());
        for (TopicSpec s : specs()) {
            TopicDescription d = found.get(s.name());
            if (d == null) {
                out.add(new Difference(s.name(), "missing", true));
                continue;
            }
            int partitions = d.partitions().size();
            if (partitions < s.partitions()) {
                out.add(new Difference(s.name(), "partitions " + partitions + ", declared " + s.partitions(), true));
            } else if (partitions > s.partitions()) {
                out.add(new Difference(s.name(), "partitions " + partitions + ", declared " + s.partitions()
                        + " (Kafka cannot remove partitions; declare " + partitions + ")", false));
            }
            int replicas = d.partitions().get(0).replicas().size();
            if (s.replicationFactor() != Layout.BROKER_DEFAULT && replicas != s.replicationFactor()) {
                out.add(new Difference(s.name(), "replication factor " + replicas + ", declared " + s.replicationFactor()
                        + " (reassign its partitions with the cluster's tools)", false));
            }
            Config c = configs.get(s.name());
            s.configs().forEach((k, v) -> {
                ConfigEntry e = c == null ? null : c.get(k);
                String has = e == null ? null : e.value();
                if (!v.equals(has)) out.add(new Difference(s.name(), k + " " + has + ", declared " + v, true));
            });
        }
        return out;
    }

    /** The admin client's request that makes {@code s} as declared. */
    public static NewTopic newTopic(TopicSpec s) {
        return new NewTopic(s.name(), Optional.of(s.partitions()), s.replicationFactor() == Layout.BROKER_DEFAULT
                ? Optional.empty() : Optional.of((short) s.replicationFactor())).configs(s.configs());
    }

    /** Creates what is missing, adds partitions and sets configs that differ; returns what was done. */
    public List<String> apply(Admin admin) throws Exception {
        List<String> done = new ArrayList<>();
        List<Difference> diffs = differences(admin);
        Map<String, TopicSpec> byName = new HashMap<>();
        specs().forEach(s -> byName.put(s.name(), s));
        List<NewTopic> create = new ArrayList<>();
        Map<String, NewPartitions> grow = new HashMap<>();
        Map<ConfigResource, Collection<AlterConfigOp>> alter = new HashMap<>();
        for (Difference d : diffs) {
            TopicSpec s = byName.get(d.topic());
            if (!d.mendable()) continue;
            if (d.what().equals("missing")) {
                create.add(newTopic(s));
                done.add(s.name() + ": created");
            } else if (d.what().startsWith("partitions")) {
                grow.put(s.name(), NewPartitions.increaseTo(s.partitions()));
                done.add(s.name() + ": " + d.what().replace(", declared", " ->"));
            } else {
                String key = d.what().substring(0, d.what().indexOf(' '));
                alter.computeIfAbsent(new ConfigResource(ConfigResource.Type.TOPIC, s.name()), k -> new ArrayList<>())
                        .add(new AlterConfigOp(new ConfigEntry(key, s.configs().get(key)), AlterConfigOp.OpType.SET));
                done.add(s.name() + ": " + d.what().replace(", declared", " ->"));
            }
        }
        if (!create.isEmpty()) admin.createTopics(create).all().get(60, TimeUnit.SECONDS);
        if (!grow.isEmpty()) admin.createPartitions(grow).all().get(60, TimeUnit.SECONDS);
        if (!alter.isEmpty()) admin.incrementalAlterConfigs(alter).all().get(60, TimeUnit.SECONDS);
        return done;
    }

    /**
     * The differences left once what {@link #apply} changed has reached the brokers: a broker
     * takes a topic's new partitions and settings from the metadata log a moment after the
     * request returns, so a look at once can still see the old ones. Looks again for up to
     * ten seconds while a difference {@code apply} mends is still there.
     */
    public List<Difference> settledDifferences(Admin admin) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<Difference> left = differences(admin);
            if (left.stream().noneMatch(Difference::mendable) || System.nanoTime() > deadline) return left;
            Thread.sleep(200);
        }
    }

    static Map<String, TopicDescription> describe(Admin admin, List<String> names) throws Exception {
        return describe(admin, names, null);
    }

    /** The topics that exist; one this principal may not describe goes to {@code denied}, or is thrown when that is null. */
    static Map<String, TopicDescription> describe(Admin admin, List<String> names, java.util.Set<String> denied) throws Exception {
        Map<String, TopicDescription> out = new HashMap<>();
        for (var e : admin.describeTopics(names, new DescribeTopicsOptions().includeAuthorizedOperations(true)).topicNameValues().entrySet()) {
            try {
                out.put(e.getKey(), e.getValue().get(30, TimeUnit.SECONDS));
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof UnknownTopicOrPartitionException) continue;
                if (ex.getCause() instanceof TopicAuthorizationException) {
                    if (denied != null) {
                        denied.add(e.getKey());
                        continue;
                    }
                    throw new AccessDenied("DESCRIBE on topic " + e.getKey());
                }
                throw ex;
            }
        }
        return out;
    }

    static Map<String, Config> configs(Admin admin, Collection<String> names) throws Exception {
        if (names.isEmpty()) return Map.of();
        List<ConfigResource> rs = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<String, Config> out = new HashMap<>();
        for (var e : admin.describeConfigs(rs).values().entrySet()) {
            try {
                out.put(e.getKey().name(), e.getValue().get(30, TimeUnit.SECONDS));
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof TopicAuthorizationException) {
                    throw new AccessDenied("DESCRIBE_CONFIGS on topic " + e.getKey().name());
                }
                throw ex;
            }
        }
        return out;
    }

    /** The principal may not do what the plan needs: said as the missing permission. */
    public static final class AccessDenied extends RuntimeException {
        public AccessDenied(String permission) {
            super(permission);
        }
    }

}
