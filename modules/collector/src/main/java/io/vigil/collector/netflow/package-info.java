/**
 * Flows from exporters where no agent can be installed: NetFlow v5, v9 and IPFIX over UDP.
 * {@link io.vigil.collector.netflow.ExportDecoder} reads export packets (templates cached per
 * exporter and observation domain, options templates for the sampling rate, timestamps from
 * exporter uptime or absolute fields) into {@link io.vigil.collector.netflow.ExportedFlow}s;
 * {@link io.vigil.collector.netflow.BiflowJoiner} joins the two directions of a conversation
 * into Vigil's bidirectional flow records; {@link io.vigil.collector.netflow.NetflowReceiver}
 * listens, and counts per exporter what it could not use.
 */
package io.vigil.collector.netflow;
