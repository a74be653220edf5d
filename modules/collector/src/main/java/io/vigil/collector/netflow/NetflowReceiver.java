package io.vigil.collector.netflow;

import io.vigil.collector.flow.Addresses;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
    private final Thread worker;
    /** Datagrams read and not yet decoded: the socket is emptied at once, bursts wait here. */
    private final BlockingQueue<Datagram> queue = new ArrayBlockingQueue<>(32_768);
    private volatile boolean closing;

    private record Datagram(String exporter, byte[] bytes, long atMs) {}
    private final AtomicLong lastPacketMs = new AtomicLong(System.currentTimeMillis());
    private volatile long lastMalformedLog;
    private final AtomicReference<String> failure = new AtomicReference<>();

    public NetflowReceiver(InetSocketAddress bind, BiflowJoiner joiner, ExporterStats stats) throws SocketException {
        this.socket = new DatagramSocket(bind);
        this.socket.setReceiveBufferSize(8 << 20);
        this.socket.setSoTimeout(200);
        this.stats = stats;
        this.decoder = new ExportDecoder(stats);
        this.joiner = joiner;
        this.thread = new Thread(guarded(this::run), "vigil-netflow");
        this.thread.setDaemon(true);
        this.worker = new Thread(guarded(this::work), "vigil-netflow-decode");
        this.worker.setDaemon(true);
    }

    public NetflowReceiver start() {
        worker.start();
        thread.start();
        return this;
    }

    /**
     * Why a thread of the receiver stopped while it was open, or null: for the collector's
     * health, which is DOWN then (flows would otherwise stop with every check green).
     */
    public String failure() {
        return failure.get();
    }

    private Runnable guarded(Runnable loop) {
        return () -> {
            try {
                loop.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, Thread.currentThread().getName() + " stopped: " + e);
                log.error("flow export receiver stopped thread={} error={}", Thread.currentThread().getName(), e.toString(), e);
            }
        };
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

    /** Reads datagrams as fast as they come; a full queue is counted as dropped for that exporter. */
    private void run() {
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                if (!socket.isClosed()) log.warn("netflow receive failed error={}", e.toString());
                continue;
            }
            long now = System.currentTimeMillis();
            lastPacketMs.set(now);
            String exporter = Addresses.format(p.getAddress().getAddress());
            stats.add(exporter, ExporterStats.Kind.PACKETS, 1);
            if (!queue.offer(new Datagram(exporter, Arrays.copyOf(buf, p.getLength()), now))) {
                stats.add(exporter, ExporterStats.Kind.DROPPED, 1);
            }
        }
    }

    /** Decodes and joins, on a thread of its own; expires lone flows while the exporters are quiet. */
    private void work() {
        while (!closing || !queue.isEmpty()) {
            Datagram d;
            try {
                d = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (d == null) {
                joiner.expire(System.currentTimeMillis());
                continue;
            }
            try {
                for (ExportedFlow f : decoder.decode(d.exporter(), d.bytes(), d.bytes().length)) joiner.add(f, d.atMs());
            } catch (IllegalArgumentException e) {
                stats.add(d.exporter(), ExporterStats.Kind.MALFORMED, 1);
                if (d.atMs() - lastMalformedLog > 60_000) {
                    lastMalformedLog = d.atMs();
                    log.warn("malformed export packet exporter={} bytes={} error={} (counted; logged at most once a minute)",
                            d.exporter(), d.bytes().length, e.getMessage());
                }
            } catch (RuntimeException e) {
                // never the end of the receiver: counted as malformed, said once a minute like those
                stats.add(d.exporter(), ExporterStats.Kind.MALFORMED, 1);
                log.error("export packet failed exporter={} error={}", d.exporter(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        closing = true;
        try {
            thread.join(2_000);
            worker.join(30_000); // what was read is decoded before the joiner's last flush
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        joiner.flush();
    }
}
