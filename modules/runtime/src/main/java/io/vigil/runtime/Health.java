package io.vigil.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A role's health, one shape for every role: {@code UP}, {@code DEGRADED} (working, but
 * something needs a look: spooling while Kafka is away) or {@code DOWN} (not doing its job),
 * the reasons when it is not up, and the role's own figures.
 */
public record Health(String status, List<String> reasons, Map<String, Object> details) {

    public static final String UP = "UP";
    public static final String DEGRADED = "DEGRADED";
    public static final String DOWN = "DOWN";

    public Health {
        reasons = List.copyOf(reasons);
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** DOWN for any reason given, else UP. */
    public static Health of(List<String> downReasons, Map<String, Object> details) {
        return new Health(downReasons.isEmpty() ? UP : DOWN, downReasons, details);
    }

    /** The health of several roles on one box: the worst of them, each one's own under its name. */
    public static Health of(Map<String, Health> roles) {
        List<String> states = roles.values().stream().map(Health::status).toList();
        String status = states.contains(DOWN) ? DOWN : states.contains(DEGRADED) ? DEGRADED : UP;
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> reasons = new ArrayList<>();
        roles.forEach((name, h) -> {
            details.put(name, h.body());
            h.reasons().forEach(r -> reasons.add(name + ": " + r));
        });
        return new Health(status, reasons, details);
    }

    public boolean down() {
        return DOWN.equals(status);
    }

    /** As the health endpoint writes it: the status, the reasons, then the figures. */
    public Map<String, Object> body() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("status", status);
        b.put("reasons", reasons);
        b.putAll(details);
        return b;
    }
}
