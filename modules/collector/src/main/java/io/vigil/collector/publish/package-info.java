/**
 * Where flow records leave the agent: a Kafka producer (idempotent, {@code acks=all},
 * keyed by site and internal host so one host's flows meet one partition and one detector
 * task), the drainer that sends the spool back to Kafka after an outage, and a JSON-lines
 * writer for {@code vigil flows}.
 */
package io.vigil.collector.publish;
