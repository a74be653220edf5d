/**
 * The flow table: bidirectional flows keyed by a canonical 5-tuple, the TCP handshake and
 * teardown state machine, idle/active timeouts and eviction, all in event time (packet
 * timestamps), so a replay gives the same flows as the live capture did. See
 * {@link io.vigil.collector.flow.FlowTableConfig} for the timeouts and why they are what
 * they are.
 */
package io.vigil.collector.flow;
