package io.vigil.bench;

import io.vigil.cli.ExitCodes;
import io.vigil.cli.UserException;
import io.vigil.cli.runtime.OfflinePipeline;
import io.vigil.collector.flow.AddressMapper;
import io.vigil.collector.netflow.BiflowJoiner;
import io.vigil.collector.netflow.ExportDecoder;
import io.vigil.collector.netflow.ExporterStats;
import io.vigil.collector.netflow.NetflowReceiver;
import io.vigil.collector.publish.JsonLinesFlowWriter;
import io.vigil.model.CidrSet;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench netflow}: Vigil's flow-export receiver against nfdump's {@code nfcapd} on
 * the same export stream in the same run. softflowd exports a large capture once, as NetFlow
 * v9; the datagrams are recorded, then sent to each receiver over loopback at rising paces.
 * At each pace: the flows each receiver wrote (Vigil: JSON lines; nfcapd: its file, counted by
 * nfdump) against the flows sent — the pace a receiver keeps up with, with nothing lost, is its
 * throughput here.
 */
@Command(name = "netflow", mixinStandardHelpOptions = true,
        description = "Flow-export receiving: vigil (NetFlow v9 decode, biflow join, JSON lines) vs nfcapd, "
                + "same datagrams, rising paces; flows written and lost at each.")
final class NetflowBench implements Callable<Integer> {

    @Mixin
    CaptureOptions input;

    @Option(names = "--repeat", defaultValue = "10",
            description = "send the export this many times in a row, so a pace lasts longer than any buffer (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--paces", split = ",", defaultValue = "25000,50000,100000,200000,400000",
            description = "flows a second to send at (default: ${DEFAULT-VALUE})")
    List<Integer> paces;

    @Override
    public Integer call() throws Exception {
        for (String tool : List.of("/usr/sbin/softflowd", "/usr/bin/nfcapd", "/usr/bin/nfdump")) {
            if (!Files.isExecutable(Path.of(tool))) throw new UserException(tool + " is missing: apt-get install -y softflowd nfdump");
        }
        Path capture = input.ensure();
        List<byte[]> once = record(capture);
        List<byte[]> export = new ArrayList<>();
        for (int i = 0; i < repeat; i++) export.addAll(once);
        // the flows the export holds, decoded in-process (no network in between)
        ExportDecoder d = new ExportDecoder(new ExporterStats());
        long exported = 0;
        for (byte[] datagram : export) exported += d.decode("softflowd", datagram, datagram.length).size();
        System.out.printf(Locale.ROOT, "export: %,d NetFlow v9 datagrams holding %,d flows (softflowd reading %s, sent %d times)%n%n",
                export.size(), exported, capture, repeat);
        System.out.println("| pace asked (flows/s) | pace sent | vigil: flows received | vigil lost | vigil: records written (biflows) "
                + "| nfcapd: flows written | nfcapd lost | vigil/nfcapd |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int pace : paces) {
            long[] vigil = vigil(export, pace);
            double achieved = exported / sendSeconds;
            long nfcapd = nfcapd(export, pace);
            System.out.printf(Locale.ROOT, "| %,d | %,.0f | %,d | %s | %,d | %,d | %s | %.2f× |%n", pace, achieved, vigil[0],
                    percent(exported, vigil[0]), vigil[1], nfcapd, percent(exported, nfcapd),
                    (double) vigil[0] / Math.max(1, nfcapd));
        }
        return ExitCodes.OK;
    }

    private static String percent(long sent, long got) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * Math.max(0, sent - got) / Math.max(1, sent));
    }

    /** softflowd's export of the capture, datagram by datagram. */
    private static List<byte[]> record(Path capture) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setReceiveBufferSize(32 << 20);
            s.setSoTimeout(2000);
            Process p = new ProcessBuilder("/usr/sbin/softflowd", "-d", "-r", capture.toString(), "-n",
                    "127.0.0.1:" + s.getLocalPort(), "-v", "9", "-a", "-m", "1000000")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            byte[] buf = new byte[65535];
            while (true) {
                DatagramPacket d = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(d);
                } catch (SocketTimeoutException e) {
                    if (!p.isAlive()) break;
                    continue;
                }
                out.add(Arrays.copyOf(d.getData(), d.getLength()));
            }
            p.waitFor(10, TimeUnit.SECONDS);
        }
        return out;
    }

    /** Sends the datagrams to {@code port} at {@code pace} flows a second (about 30 a datagram). */
    /** Returns the seconds the sending took (the pace achieved may be below the one asked). */
    private static double send(List<byte[]> export, int port, int pace) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            long t0 = System.nanoTime();
            long sent = 0;
            for (byte[] d : export) {
                s.send(new DatagramPacket(d, d.length, to));
                sent += Math.max(1, (d[2] & 0xff) << 8 | (d[3] & 0xff));
                long due = t0 + sent * 1_000_000_000L / pace;
                while (System.nanoTime() < due) Thread.onSpinWait();
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    /** How long the last sending took. */
    private static double sendSeconds;

    /** Flows received (decoded) and records written by Vigil at {@code pace}. */
    private static long[] vigil(List<byte[]> export, int pace) throws Exception {
        Path out = Files.createTempFile("bench-netflow", ".jsonl");
        AtomicLong written = new AtomicLong();
        ExporterStats stats = new ExporterStats();
        try (JsonLinesFlowWriter writer = new JsonLinesFlowWriter(new BufferedOutputStream(Files.newOutputStream(out), 1 << 16))) {
            BiflowJoiner joiner = new BiflowJoiner("bench", "netflow", CidrSet.privateRanges(), AddressMapper.IDENTITY, r -> {
                writer.accept(r);
                written.incrementAndGet();
            }, 2_000);
            try (NetflowReceiver r = new NetflowReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), joiner,
                    stats).start()) {
                sendSeconds = send(export, r.port(), pace);
                Thread.sleep(1_000);
            }
        } finally {
            Files.deleteIfExists(out);
        }
        return new long[] {stats.total(ExporterStats.Kind.FLOWS), written.get()};
    }

    private static long nfcapd(List<byte[]> export, int pace) throws Exception {
        Path dir = Files.createTempDirectory("bench-nfcapd");
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process p = new ProcessBuilder("/usr/bin/nfcapd", "-w", dir.toString(), "-b", "127.0.0.1", "-p", String.valueOf(port),
                "-t", "3600", "-B", String.valueOf(8 << 20))
                .redirectErrorStream(true).redirectOutput(dir.resolve("nfcapd.log").toFile()).start();
        try {
            Thread.sleep(1_000); // listening
            send(export, port, pace);
            Thread.sleep(1_000);
        } finally {
            p.destroy(); // SIGTERM: it writes what it has and exits
            p.waitFor(30, TimeUnit.SECONDS);
        }
        long flows = 0;
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("nfcapd.")).toList()) {
                Process n = new ProcessBuilder("/usr/bin/nfdump", "-r", f.toString(), "-I").redirectErrorStream(true).start();
                for (String line : new String(n.getInputStream().readAllBytes()).split("\n")) {
                    if (line.startsWith("Flows:")) flows += Long.parseLong(line.substring(6).trim());
                }
                n.waitFor(30, TimeUnit.SECONDS);
            }
        }
        OfflinePipeline.deleteTree(dir);
        return flows;
    }
}
