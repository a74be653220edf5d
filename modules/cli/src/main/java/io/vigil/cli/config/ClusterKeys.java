package io.vigil.cli.config;

import static io.vigil.runtime.config.Setting.duration;
import static io.vigil.runtime.config.Setting.number;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cli.admin.AccessPlan;
import io.vigil.cli.admin.TopicPlan;
import io.vigil.model.Topics;
import io.vigil.runtime.config.ConfigTree;
import io.vigil.runtime.config.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one declaration of a deployment's topics and principals' rights ({@code vigil topics},
 * {@code vigil acls}): how topics are sized and replicated, the namespace and the detector's
 * and notifier's ids (their internal topics, groups and transactions are named after them),
 * and how the administrator's client reaches the cluster.
 */
public final class ClusterKeys {

    public static final Setting<Integer> PARTITIONS = number("partitions", 12,
            "partitions of flows, alerts and the audit trail: the most detector or notifier instances that can share them");
    public static final Setting<Integer> REPLICATION = number("replication-factor", 3,
            "copies of every topic, on different brokers");
    public static final Setting<Integer> MIN_INSYNC = number("min-insync-replicas", 2,
            "copies that must have a record before it counts as written (with replication-factor 3: one broker may be lost)");
    public static final Setting<Duration> RETENTION = duration("retention", Duration.ofDays(7),
            "how long flows are kept (alerts, the audit trail and decisions: 400 days)");

    public static final List<Setting<?>> ALL;

    static {
        List<Setting<?>> all = new ArrayList<>(List.of(CommonKeys.NAMESPACE, PARTITIONS, REPLICATION, MIN_INSYNC, RETENTION,
                DetectorKeys.APPLICATION_ID, NotifierKeys.GROUP_ID, CommonKeys.KAFKA));
        all.addAll(KafkaAuth.ALL);
        ALL = List.copyOf(all);
    }

    /** What a declaration file says, or its problems. */
    public record Declared(TopicPlan topics, AccessPlan access, Map<String, String> kafka, List<String> problems,
                           ObjectNode effective) {}

    private ClusterKeys() {}

    /** The rights of a deployment with the detector's and notifier's default application and group ids. */
    public static AccessPlan access(Topics topics) {
        return new AccessPlan(topics, DetectorKeys.APPLICATION_ID.def(), NotifierKeys.GROUP_ID.def());
    }

    public static Declared read(ConfigTree t) {
        Setting.Values v = Setting.Values.read(t, ALL);
        List<String> problems = new ArrayList<>(t.problems());
        Topics topics = CommonKeys.topics(v, problems);
        Topics.Layout layout = new Topics.Layout(1, Topics.Layout.BROKER_DEFAULT, Topics.Layout.BROKER_DEFAULT, 1);
        try {
            layout = new Topics.Layout(v.get(PARTITIONS), v.get(REPLICATION), v.get(MIN_INSYNC), v.get(RETENTION).toMillis());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        Map<String, String> kafka = KafkaAuth.clientProps(v, problems);
        return new Declared(new TopicPlan(topics, layout), new AccessPlan(topics, v.get(DetectorKeys.APPLICATION_ID),
                v.get(NotifierKeys.GROUP_ID)), kafka, t.located(problems), v.effective());
    }
}
