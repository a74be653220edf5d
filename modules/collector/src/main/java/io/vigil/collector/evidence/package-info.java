/**
 * Evidence: the packets behind an alert. {@link EvidenceScope} says which packets an alert
 * stands on (its hosts, its time and a minute either side); {@link EvidenceCut} cuts them from
 * captures into one pcap per alert.
 */
package io.vigil.collector.evidence;
