package io.vigil.detector.scan;

import io.vigil.detector.episode.Episodes;
import io.vigil.detector.spi.Thresholds;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Attack;
import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import io.vigil.model.Severity;
import io.vigil.runtime.config.Checks;
import io.vigil.runtime.config.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code brute_force}: {@code brute-force.attempts} password attempts from one source at one
 * password service within the window, in complete, short, small sessions. The protocols are
 * encrypted, so a failed login is judged by its shape: short, and little sent back; a session
 * of several seconds carried several attempts ({@link #attemptsIn}).
 */
public record BruteForceDetector(Episodes episodes) {

    /**
     * Password guessing from one source at one authentication service: 10 attempts in 5
     * minutes, in sessions each under 30 s and with little sent back (a failed login is short
     * and small; a real session is not). Ports and protocols are those that take passwords. Ten,
     * not more, so that a slow guesser is reported within seconds.
     */
    public record Config(int attempts, Duration window, Duration maxDuration, long maxServerBytes, Set<Integer> ports,
                         Set<String> protocols) {}

    static final Thresholds.Key<Config, Integer> ATTEMPTS = Thresholds.key(Setting.number("attempts", 10,
            "password attempts (short, small sessions) within the window").check(Checks.atLeast(2)), Config::attempts);
    static final Thresholds.Key<Config, Duration> WINDOW = Thresholds.key(Setting.duration("window",
            Duration.ofMinutes(5), "how long attempts against one service are counted together")
            .check(Checks.longerThanZero()), Config::window);
    static final Thresholds.Key<Config, Duration> MAX_DURATION = Thresholds.key(Setting.duration("max-duration",
            Duration.ofSeconds(30), "a session longer than this is a real session, not an attempt")
            .check(Checks.longerThanZero()), Config::maxDuration);
    static final Thresholds.Key<Config, Long> MAX_SERVER_BYTES = Thresholds.key(Setting.size("max-server-bytes", 20_000,
            "a session in which the server sent more (bytes) is a real session").check(Checks.positive()),
            Config::maxServerBytes);
    static final Thresholds.Key<Config, Set<Integer>> PORTS = Thresholds.key(Setting.ports("ports",
            Set.of(21, 22, 23, 110, 143, 389, 445, 465, 587, 993, 995, 1433, 3306, 3389, 5432, 5900),
            "the password services' ports"), Config::ports);
    static final Thresholds.Key<Config, Set<String>> PROTOCOLS = Thresholds.key(Setting.set("protocols",
            Set.of("ssh", "telnet", "ftp", "rdp", "smb", "pop3", "imap", "postgresql", "mysql", "mssql"),
            "protocols that are password services on any port (by what the bytes speak)"), Config::protocols);
    public static final Thresholds.Group<Config> THRESHOLDS = Thresholds.Group.of("brute-force",
            v -> new Config(v.get(ATTEMPTS), v.get(WINDOW), v.get(MAX_DURATION), v.get(MAX_SERVER_BYTES), v.get(PORTS),
                    v.get(PROTOCOLS)), ATTEMPTS, WINDOW, MAX_DURATION, MAX_SERVER_BYTES, PORTS, PROTOCOLS);

    /**
     * The password attempts a session of {@code durationMs} carried, by its length: servers delay
     * each failure by 2–3 s, and hydra tries up to six passwords on one SSH connection, so one
     * attempt per 2.5 s, up to ten.
     */
    static int attemptsIn(long durationMs) {
        return (int) Math.max(1, Math.min(10, Math.round(durationMs / 2500.0)));
    }

    /**
     * A complete, short, small session with a service that takes passwords, judged on its last
     * piece (the collector cuts a piece early when a login crosses readable; the session's
     * length runs from when the flow began).
     */
    static boolean isAuthSession(FlowRecord f, Config b) {
        if (f.isMarker() || !f.isTcp() || !"established".equals(f.tcpState())) return false;
        if (f.seq() != 0 && f.flowStart() == null) return false;
        if (!"fin".equals(f.endReason()) && !"rst".equals(f.endReason())) return false;
        boolean service = b.ports().contains(f.dstPort()) || (f.appProto() != null && b.protocols().contains(f.appProto()));
        return service && f.end() - f.began() <= b.maxDuration().toMillis() && f.bytesIn() <= b.maxServerBytes();
    }

    void session(SourceState s, FlowRecord f, Thresholds t) {
        Config b = t.get(THRESHOLDS);
        int port = f.dstPort();
        String entity = f.srcIp() + "|" + port;
        TreeSet<String> v = s.authVictims.computeIfAbsent(port, p -> new TreeSet<>());
        if (v.size() < 64) v.add(f.dstIp());
        int attempts = attemptsIn(f.end() - f.began());
        if (episodes.isOpen(AlertType.BRUTE_FORCE, f.site(), entity)) {
            s.authCounts.merge(port, (long) attempts, Long::sum);
            raise(s, f, t, port, f.began());
            return;
        }
        List<Long> starts = s.authStarts.computeIfAbsent(port, p -> new ArrayList<>());
        long horizon = f.end() - b.window().toMillis();
        starts.removeIf(start -> start < horizon);
        // One entry per attempt: the window forgets a long session's attempts together.
        for (int i = 0; i < attempts; i++) starts.add(f.began());
        if (starts.size() >= b.attempts()) {
            long first = starts.stream().mapToLong(Long::longValue).min().orElse(f.began());
            s.authCounts.put(port, (long) starts.size());
            s.authStarts.remove(port);
            raise(s, f, t, port, first);
        }
    }

    private void raise(SourceState s, FlowRecord f, Thresholds t, int port, long first) {
        long attempts = s.authCounts.getOrDefault(port, 0L);
        double score = (double) attempts / t.get(THRESHOLDS).attempts();
        List<String> victims = new ArrayList<>(s.authVictims.getOrDefault(port, new TreeSet<>()));
        String service = f.appProto() != null ? f.appProto() : "port " + port;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("service", service);
        ev.put("port", port);
        ev.put("estimated_attempts", attempts);
        ev.put("victims", victims.size());
        ev.put("max_session_seconds", t.get(THRESHOLDS).maxDuration().toSeconds());
        ev.put("threshold_attempts", t.get(THRESHOLDS).attempts());
        ev.put("window_seconds", t.get(THRESHOLDS).window().toSeconds());
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
                new Alert.Baseline(t.get(THRESHOLDS).attempts(), 0, 0), sev, summary, ev,
                List.of(Attack.BRUTE_FORCE, technique)));
    }

    boolean expire(SourceState s, Thresholds t, long now, String site, String src) {
        boolean changed = SourceState.forgetBefore(s.authStarts, l -> l, now - t.get(THRESHOLDS).window().toMillis());
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
