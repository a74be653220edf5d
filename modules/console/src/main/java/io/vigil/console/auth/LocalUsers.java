package io.vigil.console.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The appliance's own users, for a site with no identity provider: a text file, one user a
 * line, {@code NAME:ROLE:HASH} ({@link PasswordHash}), {@code #} starting a comment, written by
 * {@code vigil console-user}. Read again when it changes, so adding or removing someone needs
 * no restart. A line it cannot read is a problem named by its line number, and that user
 * cannot sign in.
 */
public final class LocalUsers {

    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    /** One user as the file has them. */
    public record User(String name, Role role, String hash) {}

    private final Path file;
    private volatile Map<String, User> users = Map.of();
    private volatile List<String> problems = List.of();
    private volatile long loadedModified = Long.MIN_VALUE;

    public LocalUsers(Path file) {
        this.file = file;
        reloadIfChanged();
    }

    /** The user called {@code name}, or null. */
    public User find(String name) {
        reloadIfChanged();
        return users.get(name);
    }

    /**
     * The user {@code name} if {@code password} is theirs, else null. As slow for a name that
     * does not exist as for one that does: timing must not tell which names exist.
     */
    public User check(String name, char[] password) {
        User u = NAME.matcher(name).matches() ? find(name) : null;
        boolean ok = PasswordHash.matches(password, u == null ? PasswordHash.DUMMY : u.hash());
        return ok && u != null ? u : null;
    }

    public List<String> problems() {
        return problems;
    }

    public int size() {
        return users.size();
    }

    private synchronized void reloadIfChanged() {
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            if (modified == loadedModified) return;
            Map<String, User> read = new LinkedHashMap<>();
            List<String> p = new ArrayList<>();
            parse(Files.readAllLines(file, StandardCharsets.UTF_8), read, p);
            users = Map.copyOf(read);
            problems = List.copyOf(p);
            loadedModified = modified;
        } catch (IOException e) {
            problems = List.of(file + ": cannot read: " + e.getMessage());
        }
    }

    static void parse(List<String> lines, Map<String, User> out, List<String> problems) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split(":", 3);
            String where = "line " + (i + 1) + ": ";
            if (f.length != 3) {
                problems.add(where + "expected NAME:ROLE:HASH");
                continue;
            }
            if (!NAME.matcher(f[0]).matches()) {
                problems.add(where + "'" + f[0] + "' is not a user name (letters, digits, . _ @ -)");
                continue;
            }
            Role role;
            try {
                role = Role.parse(f[1]);
            } catch (IllegalArgumentException e) {
                problems.add(where + e.getMessage());
                continue;
            }
            if (!PasswordHash.wellFormed(f[2])) {
                problems.add(where + "the password hash is not one vigil console-user writes");
                continue;
            }
            if (out.putIfAbsent(f[0], new User(f[0], role, f[2])) != null) problems.add(where + f[0] + " is listed twice");
        }
    }

    /** The line {@code vigil console-user} adds for a user. */
    public static String line(String name, Role role, char[] password) {
        return name + ":" + role.wire() + ":" + PasswordHash.hash(password);
    }
}
