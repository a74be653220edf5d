/**
 * Detectors keyed by the site's own host, straight off the flows topic (which is keyed by
 * site and internal host, so no repartition): {@code exfiltration} and
 * {@code volume_anomaly} against the host's learned baselines, {@code syn_flood} against it
 * as a victim, {@code dns_tunnel} in the names it resolves, {@code beaconing} to outside
 * peers, {@code icmp_tunnel} in its echo traffic, and {@code insecure_protocol} on what it
 * exposes or uses across the boundary.
 */
package io.vigil.detector.host;
