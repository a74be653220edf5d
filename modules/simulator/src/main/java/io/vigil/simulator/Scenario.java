package io.vigil.simulator;

import java.util.List;

/** A simulated capture with its ground truth and the site's internal networks. */
public record Scenario(String name, Traffic traffic, List<Label> labels, List<String> internal) {}
