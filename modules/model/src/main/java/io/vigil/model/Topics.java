package io.vigil.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The versioned topic names under one namespace. Production uses {@code vigil}; an offline
 * run against a shared cluster uses a namespace of its own so it never mixes with live data.
 * The schema version is part of each name: a breaking change gets a new topic, not a surprise.
 */
public record Topics(String namespace) {

    // LEGAL first: DEFAULT's constructor uses it.
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,180}");
    public static final Topics DEFAULT = new Topics("vigil");

    public Topics {
        if (namespace == null || !LEGAL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("topic namespace '" + namespace
                    + "' must be 1-180 characters of letters, digits, '.', '_' or '-'");
        }
    }

    public String flows() { return namespace + ".flows.v1"; }
    public String alerts() { return namespace + ".alerts.v1"; }
    public String notifications() { return namespace + ".notifications.v1"; }
    public String heartbeats() { return namespace + ".heartbeats.v1"; }
    public String deadLetter() { return namespace + ".deadletter.v1"; }
    /** End-of-input acknowledgements from the detector (see {@link EndOfInputAck}). */
    public String control() { return namespace + ".control.v1"; }
    /** Per-site bandwidth a minute (see {@link SiteTraffic}), for reports. */
    public String traffic() { return namespace + ".traffic.v1"; }
    /** Threat indicators by {@link Indicator#key()}, compacted; an expired one is a tombstone. */
    public String indicators() { return namespace + ".indicators.v1"; }
    /** What people did to alerts (see {@link TriageAction}), append-only. */
    public String triage() { return namespace + ".triage.v1"; }
    /** Suppressions by id (see {@link Suppression}), compacted. */
    public String suppressions() { return namespace + ".suppressions.v1"; }
    /** Sign-ins, refusals and suppression changes in the console (see {@link ConsoleEvent}), append-only. */
    public String consoleAudit() { return namespace + ".console-audit.v1"; }
    /** Requests for the packets behind alerts (see {@link EvidenceRequest}), append-only. */
    public String evidenceRequests() { return namespace + ".evidence-requests.v1"; }
    /** Collectors' answers: pcaps in chunks (see {@link EvidenceChunk}). */
    public String evidence() { return namespace + ".evidence.v1"; }

    /** Flow records by flow key. */
    public Topic<String, FlowRecord> flowRecords() {
        return new Topic<>(flows(), Serdes.String(), JsonSerde.flows());
    }

    /** Alerts by alert id; compacted. */
    public Topic<String, Alert> alertRecords() {
        return new Topic<>(alerts(), Serdes.String(), JsonSerde.alerts());
    }

    /** The audit trail: every delivery attempt, digest, dead letter and acknowledgement. */
    public Topic<String, NotificationAttempt> notificationRecords() {
        return new Topic<>(notifications(), Serdes.String(), JsonSerde.notifications());
    }

    /** Collector heartbeats by collector id. */
    public Topic<String, Heartbeat> heartbeatRecords() {
        return new Topic<>(heartbeats(), Serdes.String(), JsonSerde.heartbeats());
    }

    /** End-of-input acknowledgements. */
    public Topic<String, EndOfInputAck> controlRecords() {
        return new Topic<>(control(), Serdes.String(), JsonSerde.acks());
    }

    /** Site bandwidth a minute. */
    public Topic<String, SiteTraffic> trafficRecords() {
        return new Topic<>(traffic(), Serdes.String(), JsonSerde.traffic());
    }

    /** Threat indicators by key; a null value (tombstone) removes one. */
    public Topic<String, Indicator> indicatorRecords() {
        return new Topic<>(indicators(), Serdes.String(), JsonSerde.indicators());
    }

    /** Triage actions by alert id. */
    public Topic<String, TriageAction> triageRecords() {
        return new Topic<>(triage(), Serdes.String(), JsonSerde.triage());
    }

    /** Suppressions by id; the latest record of an id is the suppression as it stands. */
    public Topic<String, Suppression> suppressionRecords() {
        return new Topic<>(suppressions(), Serdes.String(), JsonSerde.suppressions());
    }

    /** The console's own audit, by user. */
    public Topic<String, ConsoleEvent> consoleAuditRecords() {
        return new Topic<>(consoleAudit(), Serdes.String(), JsonSerde.consoleEvents());
    }

    /** Evidence requests by alert id. */
    public Topic<String, EvidenceRequest> evidenceRequestRecords() {
        return new Topic<>(evidenceRequests(), Serdes.String(), JsonSerde.evidenceRequests());
    }

    /** Evidence answers by request id. */
    public Topic<String, EvidenceChunk> evidenceRecords() {
        return new Topic<>(evidence(), Serdes.String(), JsonSerde.evidenceChunks());
    }

    /**
     * Every topic with its partitions and topic-level settings, for creating them up front.
     * Every topic keeps records by the time they arrived ({@code LogAppendTime}), not by the
     * event time the producer stamps: a replayed capture from last month must not be deleted
     * by retention while the detector is still reading it. (Event time travels in the records
     * themselves; the detector never reads it from the record timestamp.)
     */
    public List<TopicSpec> specs(int flowPartitions, long retentionMs) {
        return specs(new Layout(flowPartitions, Layout.BROKER_DEFAULT, Layout.BROKER_DEFAULT, retentionMs));
    }

    /** Every topic as {@code layout} sizes and replicates them. */
    public List<TopicSpec> specs(Layout layout) {
        long retentionMs = layout.retentionMs();
        int flowPartitions = layout.partitions();
        String retention = Long.toString(retentionMs);
        String kept = Long.toString(Math.max(retentionMs, 400L * 24 * 3600 * 1000));
        List<TopicSpec> plain = List.of(
                new TopicSpec(flows(), flowPartitions, arrival("retention.ms", retention)),
                // Alerts and the audit trail are compacted by id, then kept: the proof of notification.
                new TopicSpec(alerts(), flowPartitions, arrival("cleanup.policy", "compact,delete", "retention.ms", kept)),
                new TopicSpec(notifications(), flowPartitions, arrival("retention.ms", kept)),
                // Five weeks of heartbeats: the weekly report's proof that the edge was watched.
                new TopicSpec(heartbeats(), 1, arrival("retention.ms",
                        Long.toString(Math.max(retentionMs, 35L * 24 * 3600 * 1000)))),
                new TopicSpec(deadLetter(), 1, arrival("retention.ms", retention)),
                new TopicSpec(control(), 1, arrival("retention.ms", retention)),
                // A record a minute per site: small, and a year of it makes the trends.
                new TopicSpec(traffic(), 1, arrival("retention.ms", kept)),
                // the current indicators only: compacted, and a tombstone removes one for good
                new TopicSpec(indicators(), 1, arrival("cleanup.policy", "compact", "delete.retention.ms", "86400000")),
                // What people did and decided: kept as long as the alerts they are about.
                new TopicSpec(triage(), 1, arrival("retention.ms", kept)),
                // Every suppression's latest state, revoked and expired ones too (the report counts them).
                new TopicSpec(suppressions(), 1, arrival("cleanup.policy", "compact")),
                new TopicSpec(consoleAudit(), 1, arrival("retention.ms", kept)),
                // who asked for which alert's packets: kept as long as the alerts
                new TopicSpec(evidenceRequests(), 1, arrival("retention.ms", kept)),
                // the packets themselves travel once: a day is time enough to collect them
                new TopicSpec(evidence(), 1, arrival("retention.ms", "86400000", "max.message.bytes", "1048588")));
        return plain.stream().map(t -> t.replicated(layout)).toList();
    }

    /**
     * How a deployment sizes its topics: partitions of the partitioned ones (flows, alerts, the
     * audit trail: as many as detector or notifier instances may ever share them), replicas of
     * each and how many must have a write before it counts, how long flows are kept.
     * {@link #BROKER_DEFAULT} leaves replication to the broker's defaults (one-node trials).
     */
    public record Layout(int partitions, int replicationFactor, int minInsyncReplicas, long retentionMs) {
        public static final int BROKER_DEFAULT = -1;

        public Layout {
            if (partitions < 1) throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
            if (replicationFactor != BROKER_DEFAULT && replicationFactor < 1) {
                throw new IllegalArgumentException("replication-factor must be at least 1, not " + replicationFactor);
            }
            if (minInsyncReplicas != BROKER_DEFAULT && replicationFactor != BROKER_DEFAULT
                    && (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor)) {
                throw new IllegalArgumentException("min-insync-replicas must be 1 to replication-factor ("
                        + replicationFactor + "), not " + minInsyncReplicas);
            }
        }
    }

    private static Map<String, String> arrival(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("message.timestamp.type", "LogAppendTime");
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return Map.copyOf(m);
    }

    /**
     * A topic to create: name, partitions, replicas ({@link Layout#BROKER_DEFAULT}: the
     * broker's) and topic configs.
     */
    public record TopicSpec(String name, int partitions, int replicationFactor, Map<String, String> configs) {

        TopicSpec(String name, int partitions, Map<String, String> configs) {
            this(name, partitions, Layout.BROKER_DEFAULT, configs);
        }

        /** Whether records may be removed by key (a compacted topic). */
        public boolean compacted() {
            return configs.getOrDefault("cleanup.policy", "delete").contains("compact");
        }

        TopicSpec replicated(Layout l) {
            if (l.minInsyncReplicas() == Layout.BROKER_DEFAULT) return new TopicSpec(name, partitions, l.replicationFactor(), configs);
            Map<String, String> c = new LinkedHashMap<>(configs);
            c.put("min.insync.replicas", Integer.toString(l.minInsyncReplicas()));
            return new TopicSpec(name, partitions, l.replicationFactor(), Map.copyOf(c));
        }
    }
}
