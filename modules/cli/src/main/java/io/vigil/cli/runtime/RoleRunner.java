package io.vigil.cli.runtime;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.UserException;
import io.vigil.runtime.Health;
import io.vigil.runtime.Role;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs roles until the process is asked to stop, the same way for every role command and for
 * the standalone box that runs them all: each is started and bound to one Prometheus registry,
 * one metrics and health endpoint serves them (the health of several is the worst of them),
 * one line says what each is doing, SIGTERM or Ctrl-C stops them, and they are closed in
 * the reverse order of their start. A role the machine refuses is one line and exit 2.
 */
public final class RoleRunner {

    private RoleRunner() {}

    /**
     * @param command what the lines start with ({@code vigil detector})
     * @param also what else the start-up line says before the roles' own (the box's broker), or null
     */
    public static int run(String command, OpsServer.Settings ops, String also, List<Role> roles) throws InterruptedException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Deque<Role> started = new ArrayDeque<>();
        try {
            for (Role r : roles) {
                started.push(r);
                r.start();
                r.bindMetrics(registry);
            }
            try (OpsServer server = OpsServer.start(ops, registry, health(roles))) {
                List<String> said = new ArrayList<>();
                if (also != null) said.add(also);
                roles.forEach(r -> said.add(r.running()));
                System.err.println(command + ": " + String.join("; ", said) + "; metrics and health on " + ops.bind() + ":"
                        + server.port() + "; Ctrl-C to stop");
                Shutdown.awaitShutdown();
                System.err.println(command + ": stopping");
            }
        } catch (Role.Refused e) {
            throw new UserException(e.getMessage());
        } finally {
            while (!started.isEmpty()) close(command, started.pop());
        }
        for (Role r : roles) {
            String s = r.stopped();
            if (s != null) System.err.println(command + ": stopped; " + s);
        }
        return ExitCodes.OK;
    }

    /** {@code role} started, or the one line saying why the machine refused it. */
    public static <R extends Role> R started(R role) {
        try {
            role.start();
            return role;
        } catch (Role.Refused e) {
            role.close();
            throw new UserException(e.getMessage());
        }
    }

    /** Closes one role; one that fails to close does not keep the others open. */
    private static void close(String command, Role r) {
        try {
            r.close();
        } catch (RuntimeException e) {
            System.err.println(command + ": closing the " + r.name() + ": " + e.getMessage());
        }
    }

    /** One role's health, or that of several: the worst, each under its name. */
    private static Supplier<Health> health(List<Role> roles) {
        if (roles.size() == 1) return roles.get(0)::health;
        return () -> {
            Map<String, Health> each = new LinkedHashMap<>();
            roles.forEach(r -> each.put(r.name(), r.health()));
            return Health.of(each);
        };
    }
}
