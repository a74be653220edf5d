package io.vigil.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lock-out after repeated failed sign-ins: {@code attempts} failures for one name within
 * {@code window} lock that name for {@code window} after the last; an address that fails four
 * times as often, whatever the names, is locked the same way (password spraying). A success
 * clears the name's count. Held in memory: a restart forgives, which the audit trail records.
 */
public final class SignInGuard {

    private final int attempts;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public SignInGuard(int attempts, Duration window, Clock clock) {
        this.attempts = attempts;
        this.window = window;
        this.clock = clock;
    }

    /** When the lock on {@code user} or {@code address} ends, or null when neither is locked. */
    public Instant lockedUntil(String user, String address) {
        Instant a = until("user:" + user, attempts), b = until("addr:" + address, attempts * 4);
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private Instant until(String key, int limit) {
        Deque<Instant> d = failures.get(key);
        if (d == null) return null;
        synchronized (d) {
            Instant now = clock.instant();
            d.removeIf(t -> t.isBefore(now.minus(window)));
            if (d.size() < limit) return null;
            return d.peekLast().plus(window);
        }
    }

    /** Counts a failure; returns true when it is the one that locks {@code user}. */
    public boolean failed(String user, String address) {
        add("addr:" + address);
        int n = add("user:" + user);
        return n == attempts;
    }

    private int add(String key) {
        Deque<Instant> d = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (d) {
            Instant now = clock.instant();
            d.removeIf(t -> t.isBefore(now.minus(window)));
            d.addLast(now);
            return d.size();
        }
    }

    public void succeeded(String user) {
        failures.remove("user:" + user);
    }
}
