package io.vigil.collector.netflow;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for export packets on a UDP port and hands their flows to a {@link BiflowJoiner}.
 * A malformed packet is counted for its exporter and logged at most once a minute, with the
 * exporter's address and what was wrong; it never stops the receiver.
 */
public final class NetflowReceiver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NetflowReceiver.class);

    private final DatagramSocket socket;
    private final ExportDecoder decoder;
    private final ExporterStats stats;
    private final BiflowJoiner joiner;
    private final Thread thread;
    private final AtomicLong lastPacketMs = new AtomicLong(System.currentTimeMillis());
    private volatile long lastMalformedLog;

    public NetflowReceiver(InetSocketAddress bind, BiflowJoiner joiner, ExporterStats stats) throws SocketException {
        this.socket = new DatagramSocket(bind);
        this.socket.setReceiveBufferSize(8 << 20);
        this.socket.setSoTimeout(200);
        this.stats = stats;
        this.decoder = new ExportDecoder(stats);
        this.joiner = joiner;
        this.thread = new Thread(this::run, "vigil-netflow");
        this.thread.setDaemon(true);
    }

    public NetflowReceiver start() {
        thread.start();
        return this;
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** When the last export packet arrived (epoch ms). */
    public long lastPacketMs() {
        return lastPacketMs.get();
    }

    public ExporterStats stats() {
        return stats;
    }

    private void run() {
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                joiner.expire(System.currentTimeMillis());
                continue;
            } catch (IOException e) {
                if (!socket.isClosed()) log.warn("netflow receive failed error={}", e.toString());
                continue;
            }
            long now = System.currentTimeMillis();
            lastPacketMs.set(now);
            String exporter = p.getAddress().getHostAddress();
            stats.add(exporter, ExporterStats.Kind.PACKETS, 1);
            try {
                for (ExportedFlow f : decoder.decode(exporter, buf, p.getLength())) joiner.add(f, now);
            } catch (IllegalArgumentException e) {
                stats.add(exporter, ExporterStats.Kind.MALFORMED, 1);
                if (now - lastMalformedLog > 60_000) {
                    lastMalformedLog = now;
                    log.warn("malformed export packet exporter={} bytes={} error={} (counted; logged at most once a minute)",
                            exporter, p.getLength(), e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        joiner.flush();
    }
}
