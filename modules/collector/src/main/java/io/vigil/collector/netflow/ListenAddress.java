package io.vigil.collector.netflow;

import java.net.InetSocketAddress;

/** Where to receive exports: {@code 2055}, {@code 0.0.0.0:2055}, {@code 127.0.0.1:9995}, {@code [::1]:2055}. */
public final class ListenAddress {

    private ListenAddress() {}

    /** The address; a mistake is an {@link IllegalArgumentException} saying what (names are never looked up). */
    public static InetSocketAddress parse(String where) {
        String host = "0.0.0.0", port = where.trim();
        int colon = port.lastIndexOf(':');
        if (colon >= 0) {
            host = port.substring(0, colon).replace("[", "").replace("]", "");
            port = port.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + port + "' is not a port");
        }
        if (p < 0 || p > 65535) throw new IllegalArgumentException("port " + p + " must be 0..65535");
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("'" + host + "' is not an address (names are not looked up)");
        }
        return new InetSocketAddress(host, p);
    }
}
