package io.vigil.cli;

import io.vigil.console.auth.LocalUsers;
import io.vigil.console.auth.Role;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil console-user}: adds a person to the console's local users file, or changes
 * their role or password, or removes them. The password is read from the terminal without
 * echo (asked twice), or from standard input when it is not a terminal; it never appears on
 * the command line, where other users of the machine could see it.
 */
@Command(name = "console-user", mixinStandardHelpOptions = true,
        description = {"Add a user to the console's local users file, or change or remove one.",
                "The password is asked for on the terminal (or read from standard input) and stored as a "
                + "salted, slow hash (PBKDF2-SHA256, 600 000 iterations). The file is made readable by its owner only."})
final class ConsoleUserCommand implements Callable<Integer> {

    /** Shorter than this is refused: the console is on a network, and lock-out only slows guessing. */
    static final int MIN_PASSWORD = 12;

    @Option(names = "--users", paramLabel = "FILE", required = true, description = "the users file (the console's users setting)")
    Path users;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "analyst", description = "viewer, analyst or admin "
            + "(default: ${DEFAULT-VALUE})")
    String role;

    @Option(names = "--remove", description = "remove the user instead")
    boolean remove;

    @Parameters(paramLabel = "NAME", description = "the user's name (letters, digits, . _ @ -)")
    String name;

    @Override
    public Integer call() throws IOException {
        if (!LocalUsers.NAME.matcher(name).matches()) {
            throw new UserException("'" + name + "' is not a user name: letters, digits, . _ @ - (up to 64)");
        }
        Role r;
        try {
            r = Role.parse(role);
        } catch (IllegalArgumentException e) {
            throw new UserException("--role: " + e.getMessage());
        }
        List<String> lines = Files.exists(users) ? new ArrayList<>(Files.readAllLines(users, StandardCharsets.UTF_8))
                : new ArrayList<>(List.of("# Vigil console users: NAME:ROLE:HASH, written by vigil console-user"));
        boolean existed = lines.removeIf(l -> l.startsWith(name + ":"));
        if (remove) {
            if (!existed) throw new UserException(name + " is not in " + users);
        } else {
            char[] password = password();
            try {
                lines.add(LocalUsers.line(name, r, password));
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        Path tmp = users.resolveSibling(users.getFileName() + ".new");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: permissions are the administrator's to set
        }
        Files.move(tmp, users, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.err.println("vigil console-user: " + name + (remove ? " removed from " : (existed ? " changed in " : " added to "))
                + users + (remove ? "" : " as " + r.wire()));
        return ExitCodes.OK;
    }

    private static char[] password() throws IOException {
        Console tty = System.console();
        char[] p;
        if (tty != null) {
            p = tty.readPassword("password: ");
            char[] again = tty.readPassword("again: ");
            if (p == null || again == null || !Arrays.equals(p, again)) throw new UserException("the two passwords differ");
            Arrays.fill(again, '\0');
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            p = line == null ? new char[0] : line.toCharArray();
        }
        if (p.length < MIN_PASSWORD) throw new UserException("the password must be " + MIN_PASSWORD + " characters or more");
        return p;
    }
}
