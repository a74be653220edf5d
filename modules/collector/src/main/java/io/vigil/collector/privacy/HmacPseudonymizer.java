package io.vigil.collector.privacy;

import io.vigil.collector.flow.AddressMapper;
import io.vigil.runtime.FileProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces internal addresses with {@code ip-} and the first 64 bits of
 * HMAC-SHA256(key, address bytes) in hex. External addresses are left alone: they are the
 * attackers and peers an analyst must be able to block. 64 bits keep collisions out of
 * reach for any site (a birthday collision needs ~4 billion hosts).
 */
public final class HmacPseudonymizer implements AddressMapper {

    private static final Logger log = LoggerFactory.getLogger(HmacPseudonymizer.class);
    public static final int MIN_KEY_BYTES = 16;

    private final Mac mac;
    private final Map<String, String> cache = new LinkedHashMap<>(4096, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 100_000;
        }
    };

    public HmacPseudonymizer(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("pseudonymisation key must be at least " + MIN_KEY_BYTES + " bytes, got "
                    + key.length);
        }
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Reads the key file; a file others can read is refused: the key is what protects the data. */
    public static HmacPseudonymizer fromKeyFile(Path file) {
        byte[] key;
        try {
            key = Files.readAllBytes(file);
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)) {
                    throw new IllegalArgumentException(file + ": pseudonymisation key file is readable by others; "
                            + "chmod 600 it");
                }
            } catch (UnsupportedOperationException e) {
                log.debug("cannot check key file permissions on this file system file={}", file);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": pseudonymisation key file: " + FileProblem.of(e));
        }
        try {
            return new HmacPseudonymizer(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    @Override
    public String map(byte[] addr, String text, boolean internal) {
        if (!internal) return text;
        synchronized (cache) {
            String p = cache.get(text);
            if (p != null) return p;
            byte[] h = mac.doFinal(addr);
            p = "ip-" + HexFormat.of().formatHex(h, 0, 8);
            cache.put(text, p);
            return p;
        }
    }
}
