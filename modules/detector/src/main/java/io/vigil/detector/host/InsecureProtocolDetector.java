package io.vigil.detector.host;

import io.vigil.detector.episode.Episodes;
import io.vigil.detector.spi.Thresholds;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import io.vigil.model.Severity;
import io.vigil.runtime.config.Checks;
import io.vigil.runtime.config.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code insecure_protocol}: what Internet First forbids across the internet boundary, either
 * way. TLS below 1.2 is {@code medium} (encrypted, but with known weaknesses); SSL 3.0 is
 * {@code high} (broken); a plaintext protocol ({@code insecure.plaintext}) is {@code medium},
 * and {@code high} once a login was seen crossing readable. Outbound plain HTTP is left out
 * (updates and OCSP use it) unless it carried a login. One episode per host, protocol and
 * direction, whose targets are every server it involved. On exported flows (no payload) an
 * established connection to the protocol's well-known port stands for it, and the alert says so.
 */
public record InsecureProtocolDetector(Episodes episodes) {

    private static final List<String> TLS_ORDER = List.of("ssl2", "ssl3", "1.0", "1.1", "1.2", "1.3");
    /** What an exported flow's port says it spoke, for flows without payload facts. */
    private static final Map<Integer, String> EXPORT_PORTS = Map.of(21, "ftp", 23, "telnet", 110, "pop3", 143, "imap", 80, "http");

    /** Plaintext credential protocols and TLS below 1.2 across the internet boundary. */
    public record Config(Set<String> plaintext, String minTls) {}

    static final Thresholds.Key<Config, Set<String>> PLAINTEXT = Thresholds.key(Setting.set("plaintext",
            Set.of("telnet", "ftp", "pop3", "imap", "http"), "protocols that carry content readable across the boundary"),
            Config::plaintext);
    static final Thresholds.Key<Config, String> MIN_TLS = Thresholds.key(Setting.text("min-tls", "1.2",
            "the oldest TLS version accepted: ssl3, 1.0, 1.1, 1.2 or 1.3")
            .check(Checks.that(TLS_ORDER::contains, "must be one of " + String.join(", ", TLS_ORDER))), Config::minTls);
    public static final Thresholds.Group<Config> THRESHOLDS = Thresholds.Group.of("insecure",
            v -> new Config(v.get(PLAINTEXT), v.get(MIN_TLS)), PLAINTEXT, MIN_TLS);



    void flow(FlowRecord f, Thresholds t, String host) {
        if (f.direction() == null || !f.direction().crossesEdge()) return;
        boolean inbound = f.direction() == Direction.INBOUND;
        String app = f.appProto();
        // A flow export carries no payload: there the well-known port is all that says what was spoken.
        boolean byPort = app == null && "netflow".equals(f.source()) && "established".equals(f.tcpState())
                && EXPORT_PORTS.containsKey(f.dstPort());
        if (byPort) app = EXPORT_PORTS.get(f.dstPort());
        String login = f.cleartextLogin();
        boolean plaintext = app != null && t.get(THRESHOLDS).plaintext().contains(app) && (inbound || !"http".equals(app));
        int rank = f.tlsVersion() == null ? -1 : TLS_ORDER.indexOf(f.tlsVersion());
        boolean oldTls = rank >= 0 && rank < TLS_ORDER.indexOf(t.get(THRESHOLDS).minTls());
        if (!plaintext && !oldTls && login == null) return;
        // SSL 2.0 and 3.0 are broken (DROWN, POODLE): as bad as a readable password
        boolean ssl3 = "ssl3".equals(f.tlsVersion()) || "ssl2".equals(f.tlsVersion());
        String what = oldTls ? (ssl3 ? ("ssl2".equals(f.tlsVersion()) ? "SSL 2.0" : "SSL 3.0") : "TLS " + f.tlsVersion()) : app;
        String entity = host + "|" + what + "|" + (inbound ? "serves" : "uses");
        Alert open = episodes.current(AlertType.INSECURE_PROTOCOL, f.site(), entity);
        // The server is the other end when the host uses it, the host itself when it serves.
        String server = inbound ? host : f.dstIp();
        List<String> targets = new ArrayList<>(open == null ? List.of() : open.targets());
        if (!targets.contains(server) && targets.size() < Episodes.MAX_TARGETS) targets.add(server);
        List<String> clients = new ArrayList<>();
        Object seen = open == null ? null : open.evidence().get("clients");
        if (seen instanceof List<?> l) l.forEach(x -> clients.add(String.valueOf(x)));
        if (inbound && !clients.contains(f.srcIp()) && clients.size() < 20) clients.add(f.srcIp());
        String logins = login != null ? login : open == null ? null : (String) open.evidence().get("login_seen");
        Severity sev = ssl3 || logins != null ? Severity.HIGH : Severity.MEDIUM;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("protocol", what);
        ev.put("direction", Direction.wireOf(f.direction()));
        ev.put("servers", targets.size());
        if (inbound) {
            ev.put("port", f.dstPort());
            ev.put("clients", clients);
        }
        if (logins != null) ev.put("login_seen", logins);
        if (byPort) ev.put("judged_by", "port (flow export, no payload)");
        episodes.observe(entity, f.end(), new Episodes.Draft(AlertType.INSECURE_PROTOCOL, f.site(),
                inbound ? f.srcIp() : host, inbound ? host : f.dstIp(), targets, f.start(), targets.size(), targets.size(),
                new Alert.Baseline(0, 0, 0), sev, summary(host, what, oldTls, ssl3, inbound, targets, clients, logins, f)
                        + (byPort ? " (Judged by the port alone: the flow export carries no payload.)" : ""),
                ev, List.of()));
    }

    private static String summary(String host, String what, boolean tls, boolean ssl3, boolean inbound,
                                  List<String> servers, List<String> clients, String login, FlowRecord f) {
        String why = ssl3 ? what + " is broken (" + ("SSL 2.0".equals(what) ? "DROWN" : "POODLE") + ") and must be switched off"
                : tls ? "Internet First requires TLS 1.2 or better; the traffic is encrypted, but with a version whose "
                        + "weaknesses are known"
                : "everything on it travels readable";
        String loginText = login == null ? "" : "; a login (" + login + ") crossed the internet readable, so treat "
                + "that password as known and change it";
        if (inbound) {
            return String.format("%s serves %s on port %d to the internet (%d client%s, e.g. %s): %s%s. %s", host, what,
                    f.dstPort(), clients.size(), clients.size() == 1 ? "" : "s", clients.get(0), why, loginText,
                    tls ? "Disable TLS 1.0 and 1.1 (and SSL) on the service." : "Move the service behind TLS 1.2 or better.");
        }
        String list = servers.size() <= 3 ? String.join(", ", servers)
                : String.join(", ", servers.subList(0, 3)) + " and " + (servers.size() - 3) + " more";
        return String.format("%s uses %s with %d server%s across the internet (%s): %s%s. %s", host, what,
                servers.size(), servers.size() == 1 ? "" : "s", list, why, loginText,
                tls ? "Update the client, or ask the supplier to support TLS 1.2 or better."
                        : "Switch to an encrypted equivalent (TLS 1.2 or better, SFTP or FTPS).");
    }
}
