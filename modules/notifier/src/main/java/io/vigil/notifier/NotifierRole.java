package io.vigil.notifier;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.runtime.Health;
import io.vigil.runtime.Role;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notifier as a role: the {@link Notifier} and, where settings give one, its
 * acknowledgement endpoint ({@link AckServer}), started, watched and closed together.
 */
public final class NotifierRole implements Role {

    private final Notifier notifier;
    private final AckServer.Settings ack;
    private final String bootstrap;
    private AckServer server;

    /** @param ack where to serve acknowledgements; null for none */
    public NotifierRole(Notifier notifier, AckServer.Settings ack, String bootstrap) {
        this.notifier = notifier;
        this.ack = ack;
        this.bootstrap = bootstrap;
    }

    @Override
    public String name() {
        return "notifier";
    }

    /** Starts delivering, then the acknowledgement endpoint; an endpoint that cannot listen is {@link Role.Refused}. */
    @Override
    public synchronized NotifierRole start() {
        notifier.start();
        if (ack == null) return this;
        try {
            server = AckServer.start(ack, notifier);
        } catch (IllegalArgumentException e) {
            throw new Role.Refused(e.getMessage(), e);
        } catch (IOException e) {
            throw new Role.Refused("ack endpoint: cannot listen on " + ack.bind() + ":" + ack.port() + " (" + e.getMessage() + ")", e);
        }
        return this;
    }

    @Override
    public void bindMetrics(MeterRegistry registry) {
        notifier.bindMetrics(registry);
    }

    /** UP while consuming with every channel working, DEGRADED while a channel fails, DOWN when stopped. */
    @Override
    public Health health() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("delivered", notifier.delivered());
        d.put("failed_attempts", notifier.failedAttempts());
        d.put("dead_lettered", notifier.deadLettered());
        List<String> failing = notifier.failingChannels();
        d.put("failing_channels", failing);
        d.put("worker_errors", notifier.workerErrors());
        Health h = Health.of(notifier.healthReasons(), d);
        if (!h.down() && !failing.isEmpty()) return new Health(Health.DEGRADED, h.reasons(), d);
        return h;
    }

    @Override
    public String running() {
        return "delivering " + notifier.alertsTopic() + " from " + bootstrap + " to " + notifier.channelCount() + " channel(s)"
                + (server == null ? "" : "; acknowledgements on " + ack.bind() + ":" + server.port()
                + (ack.keystore() == null ? " (http, loopback)" : " (https)"));
    }

    @Override
    public String stopped() {
        return notifier.delivered() + " alert records delivered, " + notifier.failedAttempts() + " failed attempts, "
                + notifier.deadLettered() + " dead-lettered";
    }

    /** The acknowledgement endpoint's port; -1 when there is none. */
    public int ackPort() {
        return server == null ? -1 : server.port();
    }

    public Notifier notifier() {
        return notifier;
    }

    @Override
    public synchronized void close() {
        if (server != null) server.close();
        server = null;
        notifier.close();
    }
}
