package io.vigil.console.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.sse.SseClient;
import io.vigil.console.view.AlertView;
import io.vigil.model.Json;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code /events}: server-sent events telling each open page that the view changed, with the
 * ids of the alerts that did; a page then fetches what it shows again (the queue its rows).
 * Sent from a thread of its own, so a slow browser never holds up the view; a comment every
 * 15 s keeps proxies from closing a quiet stream. Bounded: past {@link #MAX_CLIENTS} open
 * streams a new one is refused (the page still works, without live updates).
 */
public final class LiveFeed implements WebServer.Routes, AutoCloseable {

    static final int MAX_CLIENTS = 500;

    private final Queue<SseClient> clients = new ConcurrentLinkedQueue<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> daemon(r, "vigil-console-live"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vigil-console-keepalive"));
    private final AtomicLong sent = new AtomicLong();

    public LiveFeed(AlertView view) {
        view.listen(c -> sender.execute(() -> broadcast(c)));
        ticker.scheduleAtFixedRate(() -> sender.execute(this::keepAlive), 15, 15, TimeUnit.SECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.sse("/events", client -> {
            if (clients.size() >= MAX_CLIENTS) {
                client.close();
                return;
            }
            client.keepAlive();
            client.onClose(() -> clients.remove(client));
            clients.add(client);
            client.sendComment("connected");
        });
    }

    private void broadcast(AlertView.Change c) {
        List<String> ids = c.alertIds().stream().filter(id -> !id.startsWith("suppression:")).limit(100).toList();
        String data = Json.write(Map.of("version", c.version(), "alerts", ids));
        for (SseClient client : clients) {
            if (client.terminated()) {
                clients.remove(client); // the browser went away
                continue;
            }
            try {
                client.sendEvent("changed", data, Long.toString(c.version()));
                sent.incrementAndGet();
            } catch (RuntimeException e) {
                clients.remove(client); // the browser went away
            }
        }
    }

    private void keepAlive() {
        for (SseClient client : clients) {
            if (client.terminated()) {
                clients.remove(client);
                continue;
            }
            try {
                client.sendComment("keep-alive");
            } catch (RuntimeException e) {
                clients.remove(client);
            }
        }
    }

    /** Open streams (for metrics). */
    public int clients() {
        return clients.size();
    }

    public long eventsSent() {
        return sent.get();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        sender.shutdownNow();
        clients.forEach(SseClient::close);
    }
}
