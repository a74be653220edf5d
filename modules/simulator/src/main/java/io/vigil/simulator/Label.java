package io.vigil.simulator;

import java.time.Instant;
import java.util.List;

/**
 * Ground truth for one attack in a simulated capture: what it is, who did it, to whom, and
 * when. Written beside the capture ({@code FILE.pcap.labels.json}) so tests and people can
 * compare what the detector said with what happened.
 */
public record Label(String type, String attacker, List<String> victims, Instant from, Instant to, String note) {}
