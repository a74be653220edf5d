package io.vigil.detector.scan;

import io.vigil.detector.Thresholds;
import io.vigil.detector.internal.Episodes;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Attack;
import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import io.vigil.model.Severity;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code brute_force}: {@code brute-force.attempts} password attempts from one source at one
 * password service within the window, in complete, short, small sessions. The protocols are
 * encrypted, so a failed login is judged by its shape: short, and little sent back; a session
 * of several seconds carried several attempts ({@link Thresholds.BruteForce#attemptsIn}).
 */
record BruteForceDetector(Episodes episodes) {

    /** A complete, short, small session with a service that takes passwords. */
    static boolean isAuthSession(FlowRecord f, Thresholds.BruteForce b) {
        if (f.isMarker() || !f.isTcp() || !"established".equals(f.tcpState()) || f.seq() != 0) return false;
        if (!"fin".equals(f.endReason()) && !"rst".equals(f.endReason())) return false;
        boolean service = b.ports().contains(f.dstPort()) || (f.appProto() != null && b.protocols().contains(f.appProto()));
        return service && f.end() - f.start() <= b.maxDuration().toMillis() && f.bytesIn() <= b.maxServerBytes();
    }

    void session(SourceState s, FlowRecord f, Thresholds t) {
        Thresholds.BruteForce b = t.bruteForce();
        int port = f.dstPort();
        String entity = f.srcIp() + "|" + port;
        TreeSet<String> v = s.authVictims.computeIfAbsent(port, p -> new TreeSet<>());
        if (v.size() < 64) v.add(f.dstIp());
        int attempts = Thresholds.BruteForce.attemptsIn(f.end() - f.start());
        if (episodes.isOpen(AlertType.BRUTE_FORCE, f.site(), entity)) {
            s.authCounts.merge(port, (long) attempts, Long::sum);
            raise(s, f, t, port, f.start());
            return;
        }
        List<Long> starts = s.authStarts.computeIfAbsent(port, p -> new ArrayList<>());
        long horizon = f.end() - b.window().toMillis();
        starts.removeIf(start -> start < horizon);
        // One entry per attempt: the window forgets a long session's attempts together.
        for (int i = 0; i < attempts; i++) starts.add(f.start());
        if (starts.size() >= b.attempts()) {
            long first = starts.stream().mapToLong(Long::longValue).min().orElse(f.start());
            s.authCounts.put(port, (long) starts.size());
            s.authStarts.remove(port);
            raise(s, f, t, port, first);
        }
    }

    private void raise(SourceState s, FlowRecord f, Thresholds t, int port, long first) {
        long attempts = s.authCounts.getOrDefault(port, 0L);
        double score = (double) attempts / t.bruteForce().attempts();
        List<String> victims = new ArrayList<>(s.authVictims.getOrDefault(port, new TreeSet<>()));
        String service = f.appProto() != null ? f.appProto() : "port " + port;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("service", service);
        ev.put("port", port);
        ev.put("estimated_attempts", attempts);
        ev.put("victims", victims.size());
        ev.put("max_session_seconds", t.bruteForce().maxDuration().toSeconds());
        ev.put("threshold_attempts", t.bruteForce().attempts());
        ev.put("window_seconds", t.bruteForce().window().toSeconds());
        ev.put("direction", Direction.wireOf(f.direction()));
        String victim = victims.size() == 1 ? victims.get(0) : victims.size() + " hosts";
        String summary = String.format("%s made about %d password attempts at %s on %s in short sessions: password "
                + "guessing; block the source, check the service's log for a successful login, and require keys or MFA.",
                f.srcIp(), attempts, service, victim);
        Severity sev = score >= 5 ? Severity.HIGH : Severity.MEDIUM;
        // Many victims on one service is spraying one password across accounts and hosts.
        String technique = victims.size() >= 5 ? Attack.PASSWORD_SPRAYING : Attack.PASSWORD_GUESSING;
        episodes.observe(f.srcIp() + "|" + port, f.end(), new Episodes.Draft(AlertType.BRUTE_FORCE, f.site(), f.srcIp(),
                victims.size() == 1 ? victims.get(0) : null, victims, first, score, attempts,
                new Alert.Baseline(t.bruteForce().attempts(), 0, 0), sev, summary, ev,
                List.of(Attack.BRUTE_FORCE, technique)));
    }

    boolean expire(SourceState s, Thresholds t, long now, String site, String src) {
        boolean changed = SourceState.forgetBefore(s.authStarts, l -> l, now - t.bruteForce().window().toMillis());
        for (Iterator<Integer> it = s.authCounts.keySet().iterator(); it.hasNext(); ) {
            int port = it.next();
            if (!episodes.isOpen(AlertType.BRUTE_FORCE, site, src + "|" + port)) {
                it.remove();
                s.authVictims.remove(port);
                changed = true;
            }
        }
        if (s.authStarts.isEmpty() && s.authCounts.isEmpty() && !s.authVictims.isEmpty()) {
            s.authVictims.clear();
            changed = true;
        }
        return changed;
    }
}
