package io.vigil.console;

import io.vigil.model.Cidr;
import io.vigil.model.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The console's settings (each declared once, with its key, in the launcher's settings).
 *
 * @param url             the address people reach it at ({@code https://vigil.trust.nhs.uk}); links in notices
 *                        and the sign-in provider's redirect are made from it
 * @param users           the local users file; null where everyone signs in with OpenID Connect
 * @param sessionKey      a file holding the key that signs session cookies (32+ bytes); null: a new key at each
 *                        start, which signs everyone out at a restart; instances behind one address must share one
 * @param session         how long a session lasts at most (a night shift)
 * @param idle            how long a session may go unused
 * @param keep            how long an alert stays in view after its last update
 * @param lockoutAttempts failed sign-ins for one name that lock it
 * @param lockoutWindow   within this time, and for this long
 */
public record ConsoleConfig(Topics topics, String bind, int port, Path keystore, String keystorePassword, String url,
                            Path users, Path sessionKey, Duration session, Duration idle, Duration keep,
                            int lockoutAttempts, Duration lockoutWindow, OidcConfig oidc) {

    public ConsoleConfig withTopics(Topics t) {
        return new ConsoleConfig(t, bind, port, keystore, keystorePassword, url, users, sessionKey, session, idle, keep,
                lockoutAttempts, lockoutWindow, oidc);
    }

    public ConsoleConfig withTls(Path ks, String password) {
        return new ConsoleConfig(topics, bind, port, ks, password, url, users, sessionKey, session, idle, keep,
                lockoutAttempts, lockoutWindow, oidc);
    }

    public ConsoleConfig withUsers(Path u) {
        return new ConsoleConfig(topics, bind, port, keystore, keystorePassword, url, u, sessionKey, session, idle, keep,
                lockoutAttempts, lockoutWindow, oidc);
    }

    /** The address people reach the console at: {@link #url}, or this host's when none is set. */
    public String publicUrl(int boundPort) {
        if (url != null) return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        String host = bind.equals("0.0.0.0") || bind.equals("::") ? "localhost" : bind.contains(":") ? "[" + bind + "]" : bind;
        return "https://" + host + ":" + boundPort;
    }

    /** Every mistake at once, each named by its key. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (port < 0 || port > 65535) p.add("port: " + port + " must be 0..65535");
        if (keystore == null) p.add("tls-keystore: missing; the console speaks HTTPS only (TLS 1.2/1.3), its cookies are Secure");
        else if (!Files.isReadable(keystore)) p.add("tls-keystore: " + keystore + " is not a readable file");
        if (url != null && !url.startsWith("https://")) p.add("url: " + url + " must start with https://");
        if (users == null && oidc == null) p.add("users: nobody could sign in; give a users file or oidc.issuer");
        if (users != null && !Files.isReadable(users)) p.add("users: " + users + " is not a readable file");
        if (sessionKey != null && !Files.isReadable(sessionKey)) p.add("session-key-file: " + sessionKey + " is not a readable file");
        if (session.isNegative() || session.isZero()) p.add("session: must be positive");
        if (idle.isNegative() || idle.isZero()) p.add("idle: must be positive");
        if (keep.toDays() < 1) p.add("keep: must be a day or more");
        if (lockoutAttempts < 1) p.add("lockout.attempts: must be at least 1");
        if (oidc != null) p.addAll(oidc.problems());
        if (!Cidr.isLoopbackLiteral(bind) && url == null) {
            p.add("url: set it (https://NAME) when the console is reached from other hosts; links and sign-in use it");
        }
        return p;
    }
}
