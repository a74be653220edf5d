package io.vigil.cli;

import io.vigil.cli.runtime.Outputs;
import io.vigil.cli.runtime.Shutdown;
import io.vigil.collector.flow.AddressMapper;
import io.vigil.collector.netflow.BiflowJoiner;
import io.vigil.collector.netflow.ExporterStats;
import io.vigil.collector.netflow.ListenAddress;
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
            BiflowJoiner joiner = new BiflowJoiner(input.site(), "netflow", CidrSet.of(input.internal()),
                    AddressMapper.IDENTITY, r -> {
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

    static InetSocketAddress address(String where) {
        try {
            return ListenAddress.parse(where);
        } catch (IllegalArgumentException e) {
            throw new UserException("--netflow " + where + ": " + e.getMessage());
        }
    }
}
