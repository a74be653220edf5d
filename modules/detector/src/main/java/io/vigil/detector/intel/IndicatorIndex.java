package io.vigil.detector.intel;

import io.vigil.model.Cidr;
import io.vigil.model.Indicator;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The current indicators in memory, as keys only, so that every flow is judged in constant
 * time: one hash lookup for its outside address, one per prefix length that a listed block
 * has (a handful; not one per possible length), one per label of a DNS name. The global
 * indicator store holds the indicators themselves; the index says which key matched.
 *
 * <p>Written by the global stream thread alone, read by every stream thread: the maps are
 * concurrent, and the prefix lengths are an immutable array replaced whole.
 */
public final class IndicatorIndex {

    private final Map<String, String> addresses = new ConcurrentHashMap<>();
    private final Map<String, String> domains = new ConcurrentHashMap<>();
    private final Blocks4 v4 = new Blocks4();
    private final Blocks v6 = new Blocks();
    private final AtomicLong refused = new AtomicLong();

    /**
     * Listed IPv4 blocks: the masked network as an int per prefix length, so that the common
     * case costs no parsing through {@code InetAddress} and no allocation per flow.
     */
    private static final class Blocks4 {
        final Map<Integer, Map<Integer, String>> byPrefix = new ConcurrentHashMap<>();
        volatile int[] prefixes = new int[0];

        void add(int network, int prefix, String key) {
            byPrefix.computeIfAbsent(prefix, p -> new ConcurrentHashMap<>()).put(network & mask(prefix), key);
            prefixes = longestFirst(byPrefix.keySet());
        }

        void remove(int network, int prefix, String key) {
            Map<Integer, String> m = byPrefix.get(prefix);
            if (m == null) return;
            m.remove(network & mask(prefix), key);
            if (m.isEmpty()) byPrefix.remove(prefix);
            prefixes = longestFirst(byPrefix.keySet());
        }

        String match(int addr) {
            for (int p : prefixes) {
                Map<Integer, String> m = byPrefix.get(p);
                String key = m == null ? null : m.get(addr & mask(p));
                if (key != null) return key;
            }
            return null;
        }

        int size() {
            return byPrefix.values().stream().mapToInt(Map::size).sum();
        }

        static int mask(int prefix) {
            return prefix == 0 ? 0 : -1 << (32 - prefix);
        }
    }

    private static int[] longestFirst(Set<Integer> prefixes) {
        return prefixes.stream().mapToInt(Integer::intValue).map(p -> -p).sorted().map(p -> -p).toArray();
    }

    /** Listed IPv6 blocks: masked network bytes per prefix length. */
    private static final class Blocks {
        final Map<Integer, Map<String, String>> byPrefix = new ConcurrentHashMap<>();
        volatile int[] prefixes = new int[0]; // longest first: the most specific block wins

        void add(byte[] network, int prefix, String key) {
            byPrefix.computeIfAbsent(prefix, p -> new ConcurrentHashMap<>()).put(masked(network, prefix), key);
            refresh();
        }

        void remove(byte[] network, int prefix, String key) {
            Map<String, String> m = byPrefix.get(prefix);
            if (m == null) return;
            m.remove(masked(network, prefix), key);
            if (m.isEmpty()) byPrefix.remove(prefix);
            refresh();
        }

        private void refresh() {
            prefixes = longestFirst(byPrefix.keySet());
        }

        String match(byte[] addr) {
            for (int p : prefixes) {
                Map<String, String> m = byPrefix.get(p);
                String key = m == null ? null : m.get(masked(addr, p));
                if (key != null) return key;
            }
            return null;
        }

        int size() {
            return byPrefix.values().stream().mapToInt(Map::size).sum();
        }
    }

    /** Adds or replaces an indicator. */
    public void add(Indicator i) {
        switch (i.kind()) {
            case "ip" -> {
                String a = canonical(i.value());
                if (a != null) addresses.put(a, i.key());
            }
            case "cidr" -> {
                Cidr c = Cidr.parse(i.value());
                if (c.network().length == 4) v4.add(toInt(c.network()), c.prefix(), i.key());
                else v6.add(c.network(), c.prefix(), i.key());
            }
            case "domain" -> domains.put(i.value(), i.key());
            default -> { } // Indicator.problems() refuses other kinds before this
        }
    }

    /** Removes the indicator stored under {@code key} ({@code kind:value}), if it is here. */
    public void remove(String key) {
        int colon = key.indexOf(':');
        if (colon < 0) return;
        String kind = key.substring(0, colon), value = key.substring(colon + 1);
        try {
            switch (kind) {
                case "ip" -> {
                    String a = canonical(value);
                    if (a != null) addresses.remove(a, key);
                }
                case "cidr" -> {
                    Cidr c = Cidr.parse(value);
                    if (c.network().length == 4) v4.remove(toInt(c.network()), c.prefix(), key);
                    else v6.remove(c.network(), c.prefix(), key);
                }
                case "domain" -> domains.remove(value, key);
                default -> { }
            }
        } catch (IllegalArgumentException e) {
            // a key that was never a valid indicator was never indexed
        }
    }

    /** The key of the indicator listing {@code ip} (an address, or the most specific block holding it); null if none. */
    public String matchAddress(String ip) {
        if (ip == null) return null;
        boolean six = ip.indexOf(':') >= 0;
        String key = addresses.get(six ? canonical(ip) : ip);
        if (key != null) return key;
        if (!six) {
            if (v4.prefixes.length == 0) return null;
            long a = ipv4(ip);
            return a < 0 ? null : v4.match((int) a);
        }
        if (v6.prefixes.length == 0) return null;
        byte[] bytes = bytes(ip);
        return bytes == null || bytes.length != 16 ? null : v6.match(bytes);
    }

    /** A dotted quad as an unsigned int in a long; -1 when it is not one. */
    static long ipv4(String s) {
        long out = 0;
        int octet = -1, dots = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                octet = (octet < 0 ? 0 : octet * 10) + (c - '0');
                if (octet > 255) return -1;
            } else if (c == '.' && octet >= 0 && dots < 3) {
                out = (out << 8) | octet;
                octet = -1;
                dots++;
            } else {
                return -1;
            }
        }
        return dots == 3 && octet >= 0 ? (out << 8) | octet : -1;
    }

    private static int toInt(byte[] b) {
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    /** The key of the indicator listing {@code name} or the nearest domain above it; null if none. */
    public String matchDomain(String name) {
        if (name == null || name.isEmpty() || domains.isEmpty()) return null;
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) n = n.substring(0, n.length() - 1);
        for (int dot = -1; ; ) {
            String candidate = n.substring(dot + 1);
            if (candidate.indexOf('.') < 0) return null; // a bare top-level label is never listed
            String key = domains.get(candidate);
            if (key != null) return key;
            dot = n.indexOf('.', dot + 1);
            if (dot < 0) return null;
        }
    }

    /** Indicators indexed, by kind. */
    public Map<String, Integer> sizes() {
        return Map.of("ip", addresses.size(), "cidr", v4.size() + v6.size(), "domain", domains.size());
    }

    /** Counts one indicator record that could not be read; the count so far. */
    long refused() {
        return refused.incrementAndGet();
    }

    /** Indicator records that could not be read since the start (a metric). */
    public long refusedCount() {
        return refused.get();
    }

    public boolean isEmpty() {
        return addresses.isEmpty() && domains.isEmpty() && v4.prefixes.length == 0 && v6.prefixes.length == 0;
    }

    /** One spelling per address: IPv6 has many ({@code 2001:DB8::1}, {@code 2001:db8:0:0::1}). */
    static String canonical(String ip) {
        byte[] b = bytes(ip);
        if (b == null) return null;
        try {
            return InetAddress.getByAddress(b).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The address's bytes; null when it is not an address literal (never a DNS lookup). */
    private static byte[] bytes(String ip) {
        try {
            return Cidr.parse(ip).network();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String masked(byte[] addr, int prefix) {
        byte[] m = Arrays.copyOf(addr, addr.length);
        for (int bit = prefix; bit < m.length * 8; bit++) m[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        return new String(m, StandardCharsets.ISO_8859_1);
    }
}
