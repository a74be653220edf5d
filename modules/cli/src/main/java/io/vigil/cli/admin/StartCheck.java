package io.vigil.cli.admin;

import io.vigil.cli.admin.AccessPlan.Grant;
import io.vigil.cli.admin.AccessPlan.Role;
import io.vigil.model.Topics.TopicSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What a role checks before it starts on a cluster it does not own: every topic it uses
 * exists and keeps records as the contract says (by arrival time; compacted where records are
 * replaced by key), and its principal may do on each topic and group what {@link AccessPlan}
 * grants it. Kafka says which operations the principal holds on a topic or group it may
 * describe, so a missing permission is named — not found later as a stalled consumer.
 */
public final class StartCheck {

    private StartCheck() {}

    /** The problems, each one line naming the topic or group and what mends it; empty when the role may start. */
    public static List<String> problems(Admin admin, AccessPlan plan, Role role) throws Exception {
        List<String> out = new ArrayList<>();
        String acls = "`vigil acls --role " + role.wire() + " --principal PRINCIPAL --apply`";
        List<Grant> topicGrants = plan.grants(role).stream()
                .filter(g -> g.type() == ResourceType.TOPIC && g.pattern() == PatternType.LITERAL).toList();
        Set<String> denied = new java.util.HashSet<>();
        Map<String, TopicDescription> found = TopicPlan.describe(admin, topicGrants.stream().map(Grant::name).toList(), denied);
        Map<String, TopicSpec> specs = new HashMap<>();
        plan.topics().specs(1, 1).forEach(s -> specs.put(s.name(), s));
        for (Grant g : topicGrants) {
            TopicDescription d = found.get(g.name());
            if (denied.contains(g.name())) {
                // Kafka hides a topic from a principal with no right on it but DESCRIBE_CONFIGS
                out.add("this principal may not " + missing(g.ops(), Set.of(AclOperation.DESCRIBE_CONFIGS)) + " topic "
                        + g.name() + "; an administrator grants it with " + acls);
                continue;
            }
            if (d == null) {
                out.add("topic " + g.name() + " does not exist; an administrator makes it with `vigil topics apply --config FILE`");
                continue;
            }
            String missing = missing(g.ops(), d.authorizedOperations());
            if (!missing.isEmpty()) {
                out.add("this principal may not " + missing + " topic " + g.name() + "; an administrator grants it with " + acls);
            }
        }
        if (!out.isEmpty()) return out;
        Map<String, Config> configs = TopicPlan.configs(admin, found.keySet());
        for (Grant g : topicGrants) {
            TopicSpec s = specs.get(g.name());
            for (String key : List.of("message.timestamp.type", "cleanup.policy")) {
                String want = s.configs().getOrDefault(key, key.equals("cleanup.policy") ? "delete" : null);
                ConfigEntry e = configs.get(g.name()) == null ? null : configs.get(g.name()).get(key);
                if (want != null && e != null && !want.equals(e.value())) {
                    out.add("topic " + g.name() + " has " + key + "=" + e.value() + ", Vigil needs " + want
                            + "; `vigil topics apply --config FILE` sets it");
                }
            }
        }
        for (Grant g : plan.grants(role)) {
            if (g.type() == ResourceType.GROUP) out.addAll(group(admin, g, acls));
        }
        return out;
    }

    private static List<String> group(Admin admin, Grant g, String acls) throws Exception {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(g.name()),
                    new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true)).all().get(30, TimeUnit.SECONDS)
                    .get(g.name());
            String missing = missing(g.ops(), d.authorizedOperations());
            return missing.isEmpty() ? List.of() : List.of("this principal may not " + missing + " group " + g.name()
                    + "; an administrator grants it with " + acls);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupAuthorizationException) {
                return List.of("this principal may not READ group " + g.name() + "; an administrator grants it with " + acls);
            }
            // a group nobody has joined yet: its rights show when the role joins it
            if (e.getCause() instanceof GroupIdNotFoundException) return List.of();
            throw e;
        }
    }

    /** The operations of {@code needed} that {@code held} lacks (null: the broker did not say), joined. */
    private static String missing(Set<AclOperation> needed, Set<AclOperation> held) {
        if (held == null || held.contains(AclOperation.ALL)) return "";
        return needed.stream().filter(op -> !held.contains(op)).sorted().map(AclOperation::name)
                .collect(Collectors.joining(", "));
    }
}
