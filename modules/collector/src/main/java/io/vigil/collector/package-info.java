/**
 * The collector role: packets from a capture source go through the decoder into the flow
 * table, and the exported flow records go to Kafka (or a JSON-lines file for
 * {@code vigil flows}). {@link io.vigil.collector.CaptureReplay} drives file input;
 * {@link io.vigil.collector.CollectorConfig} holds the settings.
 */
package io.vigil.collector;
