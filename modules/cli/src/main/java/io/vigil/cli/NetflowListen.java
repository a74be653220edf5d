package io.vigil.cli;

import io.vigil.cli.runtime.Outputs;
import io.vigil.cli.runtime.Shutdown;
import io.vigil.collector.netflow.BiflowJoiner;
import io.vigil.collector.netflow.ExporterStats;
import io.vigil.collector.netflow.NetflowReceiver;
import io.vigil.collector.publish.JsonLinesFlowWriter;
import io.vigil.model.CidrSet;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Path;

/** {@code vigil flows --netflow}: an exporter's flows as JSON lines, until interrupted or idle. */
final class NetflowListen {

    private NetflowListen() {}

    static int run(String where, int idleSeconds, InputOptions input, Path out, boolean quiet) throws IOException {
        InetSocketAddress bind = address(where);
        ExporterStats stats = new ExporterStats();
        long t0 = System.currentTimeMillis();
        long[] written = {0};
        try (JsonLinesFlowWriter writer = new JsonLinesFlowWriter(Outputs.open(out))) {
            BiflowJoiner joiner = new BiflowJoiner(input.site(), "netflow", CidrSet.of(input.internal()), r -> {
                writer.accept(r);
                written[0]++;
            }, 2_000);
            NetflowReceiver receiver;
            try {
                receiver = new NetflowReceiver(bind, joiner, stats).start();
            } catch (SocketException e) {
                throw new UserException("--netflow " + where + ": cannot listen (" + e.getMessage() + ")");
            }
            try (receiver) {
                if (!quiet) {
                    System.err.println("vigil flows: listening for NetFlow v5/v9/IPFIX on udp " + bind.getAddress().getHostAddress()
                            + ":" + receiver.port() + (idleSeconds > 0 ? " until " + idleSeconds + " s without an export" : "")
                            + "; Ctrl-C to stop");
                }
                while (!Shutdown.STOPPING.get()) {
                    long quietFor = System.currentTimeMillis() - Math.max(t0, receiver.lastPacketMs());
                    if (idleSeconds > 0 && quietFor > idleSeconds * 1000L) break;
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
        if (!quiet) {
            System.err.println("vigil flows: " + written[0] + " flow records from " + stats.total(ExporterStats.Kind.PACKETS)
                    + " export packets; per exporter: " + stats.snapshot());
        }
        return ExitCodes.OK;
    }

    /** {@code 2055}, {@code 0.0.0.0:2055}, {@code 127.0.0.1:9995}, {@code [::1]:2055}. */
    static InetSocketAddress address(String where) {
        String host = "0.0.0.0", port = where;
        int colon = where.lastIndexOf(':');
        if (colon >= 0) {
            host = where.substring(0, colon).replace("[", "").replace("]", "");
            port = where.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new UserException("--netflow " + where + ": '" + port + "' is not a port");
        }
        if (p < 0 || p > 65535) throw new UserException("--netflow " + where + ": port " + p + " must be 0..65535");
        if (!io.vigil.model.Cidr.isLoopbackLiteral(host) && !host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new UserException("--netflow " + where + ": '" + host + "' is not an address (names are not looked up)");
        }
        return new InetSocketAddress(host, p);
    }
}
