package io.vigil.collector.privacy;

import io.vigil.collector.flow.AddressMapper;
import io.vigil.runtime.FileProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
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
 * reach for any site (a birthday collision needs ~4 billion hosts). Names that reveal internal
 * hosts go the same way, with the same key ({@link #mapName}).
 */
public final class HmacPseudonymizer implements AddressMapper {

    private static final Logger log = LoggerFactory.getLogger(HmacPseudonymizer.class);
    public static final int MIN_KEY_BYTES = 16;

    private final Mac mac;
    private List<String> zones = List.of();
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

    /** The same key, also hiding the host in names of {@code zones} (the site's own DNS zones). */
    public HmacPseudonymizer withInternalZones(List<String> zones) {
        List<String> z = new ArrayList<>();
        for (String s : zones) z.add("." + s.toLowerCase(Locale.ROOT).replaceAll("^\\.|\\.$", ""));
        this.zones = List.copyOf(z);
        return this;
    }

    /**
     * {@code name-} and the first 64 bits of HMAC-SHA256(key, "name:" + the name) in hex, then
     * the zone: the analyst still sees that it is an internal host and which zone, and the same
     * host always reads the same; a name outside the zones is left alone.
     */
    @Override
    public String mapName(String name) {
        if (name == null || zones.isEmpty()) return name;
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) n = n.substring(0, n.length() - 1);
        for (String zone : zones) {
            if (n.endsWith(zone) && n.length() > zone.length()) {
                synchronized (cache) {
                    String key = "name:" + n;
                    String p = cache.get(key);
                    if (p != null) return p;
                    byte[] h = mac.doFinal(key.getBytes(StandardCharsets.UTF_8));
                    p = "name-" + HexFormat.of().formatHex(h, 0, 8) + zone;
                    cache.put(key, p);
                    return p;
                }
            }
        }
        return name;
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
