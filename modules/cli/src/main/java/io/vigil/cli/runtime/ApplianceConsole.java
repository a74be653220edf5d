package io.vigil.cli.runtime;

import io.vigil.console.ConsoleConfig;
import io.vigil.console.auth.LocalUsers;
import io.vigil.console.auth.Role;
import io.vigil.embedded.BrokerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * What an appliance (or the demo) supplies that a console deployed on its own is given: a
 * certificate, from a CA made for this box on first start (as the appliance's broker has), and
 * — when no users file and no single sign-on are set — a users file with one admin whose random
 * password is written to a file only the owner can read. The password is never printed or
 * logged; the path to it is.
 */
public final class ApplianceConsole {

    /** The console's settings with what was supplied, and where the first admin's password is (null if none was made). */
    public record Prepared(ConsoleConfig config, Path passwordFile) {}

    private ApplianceConsole() {}

    public static Prepared prepare(ConsoleConfig c, Path dir) {
        try {
            Files.createDirectories(dir);
            ConsoleConfig out = c;
            if (c.keystore() == null) {
                BrokerTls tls = BrokerTls.inDirectory(dir.resolve("tls"));
                out = out.withTls(tls.keystore(), tls.password());
            }
            Path passwordFile = null;
            if (c.users() == null && c.oidc() == null) {
                Path users = dir.resolve("users");
                passwordFile = dir.resolve("admin-password");
                if (!Files.exists(users)) {
                    String password = randomPassword();
                    write(passwordFile, password + "\n");
                    write(users, "# Vigil console users: NAME:ROLE:HASH, written by vigil console-user\n"
                            + LocalUsers.line("admin", Role.ADMIN, password.toCharArray()) + "\n");
                }
                out = out.withUsers(users);
            }
            return new Prepared(out, passwordFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the console in " + dir, e);
        }
    }

    static String randomPassword() {
        byte[] b = new byte[15];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }
}
