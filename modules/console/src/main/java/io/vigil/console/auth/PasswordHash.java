package io.vigil.console.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted, slow password hashes for the local users file: PBKDF2 with HMAC-SHA-256, a random
 * 16-byte salt and 600 000 iterations (OWASP's figure for this function), written as
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} in base64. In the JDK, so an appliance needs no
 * native library; slow on purpose, so a stolen file is expensive to guess at. Checking takes
 * the same time whether or not the user exists ({@link #DUMMY}).
 */
public final class PasswordHash {

    public static final int ITERATIONS = 600_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Checked against when the user is unknown, so timing does not tell which names exist. */
    static final String DUMMY = hash("not a password".toCharArray(), ITERATIONS);

    private PasswordHash() {}

    public static String hash(char[] password) {
        return hash(password, ITERATIONS);
    }

    static String hash(char[] password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] h = derive(password, salt, iterations);
        Base64.Encoder b = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b.encodeToString(salt) + "$" + b.encodeToString(h);
    }

    /** Whether {@code password} is the one {@code stored} was made from; false for a hash it cannot read. */
    public static boolean matches(char[] password, String stored) {
        String[] p = stored == null ? new String[0] : stored.split("\\$");
        if (p.length != 4 || !PREFIX.equals(p[0])) return false;
        try {
            int iterations = Integer.parseInt(p[1]);
            byte[] salt = Base64.getDecoder().decode(p[2]);
            byte[] expected = Base64.getDecoder().decode(p[3]);
            return MessageDigest.isEqual(expected, derive(password, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code stored} is written the way {@link #hash} writes. */
    public static boolean wellFormed(String stored) {
        String[] p = stored.split("\\$");
        return p.length == 4 && PREFIX.equals(p[0]) && p[1].matches("\\d{4,9}");
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        }
    }
}
