/**
 * Detectors keyed by the source of the traffic, after a repartition by {@code site|source}:
 * {@code port_scan} (one source, many ports of a host, mostly refused or unanswered),
 * {@code host_sweep} (one source, one port, many hosts) and {@code brute_force} (many short,
 * small sessions to a service that takes passwords). State per source lives in a
 * changelogged store, so a restart neither forgets an attack in progress nor raises it twice.
 */
package io.vigil.detector.scan;
