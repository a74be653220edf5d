package io.vigil.cli.admin;

import io.vigil.model.Topics;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What each role may do on the cluster, declared once: {@code vigil acls} prints and applies
 * it, {@code docs/security.md}'s table is rendered from it (and a test holds the page to it),
 * and each role checks at start that the topics it names exist. Least privilege: a role gets
 * the topics it reads or writes and nothing else; {@code DESCRIBE_CONFIGS} lets it check at
 * start that a topic keeps records as the contract says. No role may create a topic but the
 * detector's own internal ones (Kafka Streams makes its changelogs and repartitions).
 */
public record AccessPlan(Topics topics, String applicationId, String notifierGroup) {

    /** The principals a deployment has, one per role. */
    public enum Role {
        COLLECTOR, DETECTOR, NOTIFIER, CONSOLE, REPORTER, INTEL;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Role parse(String s) {
            for (Role r : values()) if (r.wire().equals(s)) return r;
            throw new IllegalArgumentException("'" + s + "' is not a role (" + List.of(values()).stream().map(Role::wire)
                    .collect(Collectors.joining(", ")) + ")");
        }
    }

    /** One resource (a topic, a group, transactional ids) and what the role may do on it. */
    public record Grant(ResourceType type, String name, PatternType pattern, Set<AclOperation> ops) {

        /** The bindings that allow {@code principal} this grant, from any host. */
        public List<AclBinding> bindings(String principal) {
            ResourcePattern r = new ResourcePattern(type, name, pattern);
            return ops.stream().map(op -> new AclBinding(r, new AccessControlEntry(principal, "*", op,
                    AclPermissionType.ALLOW))).toList();
        }
    }

    /** The collectors' consumer groups for evidence requests are named this and the collector's id. */
    public static final String EVIDENCE_GROUP = io.vigil.model.EvidenceRequest.GROUP_PREFIX;

    private static final Set<AclOperation> READ = EnumSet.of(AclOperation.READ, AclOperation.DESCRIBE_CONFIGS);
    private static final Set<AclOperation> WRITE = EnumSet.of(AclOperation.WRITE, AclOperation.DESCRIBE_CONFIGS);
    private static final Set<AclOperation> READ_WRITE = EnumSet.of(AclOperation.READ, AclOperation.WRITE,
            AclOperation.DESCRIBE_CONFIGS);

    /** What {@code role} may do, topics first. */
    public List<Grant> grants(Role role) {
        Topics t = topics;
        Map<String, Set<AclOperation>> topicOps = new LinkedHashMap<>();
        List<Grant> out = new ArrayList<>();
        switch (role) {
            case COLLECTOR -> {
                topicOps.put(t.flows(), WRITE);
                topicOps.put(t.heartbeats(), WRITE);
                // the packets behind alerts: it reads the requests (not the alerts) and answers them
                topicOps.put(t.evidenceRequests(), READ);
                topicOps.put(t.evidence(), WRITE);
                topicOps.put(t.deadLetter(), WRITE); // a request it cannot read, with the reason
            }
            case DETECTOR -> {
                for (String s : List.of(t.flows(), t.heartbeats(), t.indicators())) topicOps.put(s, READ);
                for (String s : List.of(t.alerts(), t.traffic(), t.control(), t.deadLetter(), t.evidenceRequests())) {
                    topicOps.put(s, WRITE);
                }
            }
            case NOTIFIER -> {
                for (String s : List.of(t.alerts(), t.triage(), t.suppressions())) topicOps.put(s, READ);
                topicOps.put(t.notifications(), READ_WRITE);
                topicOps.put(t.deadLetter(), WRITE);
            }
            case CONSOLE -> {
                for (String s : List.of(t.alerts(), t.notifications(), t.heartbeats(), t.flows())) topicOps.put(s, READ);
                topicOps.put(t.triage(), READ_WRITE);
                topicOps.put(t.suppressions(), READ_WRITE);
                topicOps.put(t.consoleAudit(), WRITE);
                topicOps.put(t.evidenceRequests(), WRITE);
                topicOps.put(t.evidence(), READ);
            }
            case REPORTER -> {
                for (String s : List.of(t.alerts(), t.notifications(), t.traffic(), t.heartbeats(), t.triage(),
                        t.suppressions())) topicOps.put(s, READ);
            }
            case INTEL -> topicOps.put(t.indicators(), WRITE);
        }
        topicOps.forEach((name, ops) -> out.add(new Grant(ResourceType.TOPIC, name, PatternType.LITERAL, ops)));
        if (role == Role.DETECTOR) {
            // Kafka Streams' own topics (changelogs, repartitions) are named after the application id
            out.add(new Grant(ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED, EnumSet.of(AclOperation.CREATE,
                    AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE, AclOperation.DESCRIBE_CONFIGS)));
            out.add(new Grant(ResourceType.GROUP, applicationId, PatternType.LITERAL, EnumSet.of(AclOperation.READ)));
            // exactly-once: one transactional id per stream thread, prefixed with the application id
            out.add(new Grant(ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED,
                    EnumSet.of(AclOperation.WRITE, AclOperation.DESCRIBE)));
        }
        if (role == Role.COLLECTOR) {
            // each collector reads the evidence requests in a group of its own (EVIDENCE_GROUP + its id)
            out.add(new Grant(ResourceType.GROUP, EVIDENCE_GROUP, PatternType.PREFIXED, EnumSet.of(AclOperation.READ)));
        }
        if (role == Role.NOTIFIER) {
            out.add(new Grant(ResourceType.GROUP, notifierGroup, PatternType.LITERAL, EnumSet.of(AclOperation.READ)));
        }
        return out;
    }

    /** The topics of Vigil's contract {@code role} reads or writes; each must exist before it starts. */
    public List<String> topicsOf(Role role) {
        return grants(role).stream().filter(g -> g.type() == ResourceType.TOPIC && g.pattern() == PatternType.LITERAL)
                .map(Grant::name).toList();
    }

    /** Every binding {@code role} needs, for {@code principal} ({@code User:NAME}). */
    public List<AclBinding> bindings(Role role, String principal) {
        return grants(role).stream().flatMap(g -> g.bindings(principal).stream()).toList();
    }

    /** The Markdown table of docs/security.md: a row per role, what it may do on which resource. */
    public String table() {
        StringBuilder b = new StringBuilder("| role | topics | groups and transactions |\n|---|---|---|\n");
        for (Role r : Role.values()) {
            List<String> topicCells = new ArrayList<>(), other = new ArrayList<>();
            Map<Set<AclOperation>, List<String>> byOps = new LinkedHashMap<>();
            for (Grant g : grants(r)) {
                String what = (g.pattern() == PatternType.PREFIXED ? "prefixed `" : "`") + g.name() + "`";
                if (g.type() == ResourceType.TOPIC) byOps.computeIfAbsent(g.ops(), k -> new ArrayList<>()).add(what);
                else other.add(ops(g.ops()) + " " + g.type().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + what);
            }
            byOps.forEach((ops, names) -> topicCells.add(ops(ops) + " " + String.join(", ", names)));
            b.append("| ").append(r.wire()).append(" | ").append(String.join("; ", topicCells)).append(" | ")
                    .append(other.isEmpty() ? "—" : String.join("; ", other)).append(" |\n");
        }
        return b.toString();
    }

    private static String ops(Set<AclOperation> ops) {
        return ops.stream().sorted().map(AclOperation::name).collect(Collectors.joining(", "));
    }
}
