package io.vigil.bench;

import io.vigil.collector.CaptureReplay;
import io.vigil.collector.CaptureStats;
import io.vigil.collector.capture.JavaCaptureReader;
import io.vigil.collector.capture.PacketListener;
import io.vigil.collector.evidence.EvidenceScope;
import io.vigil.collector.evidence.EvidenceTap;
import io.vigil.collector.evidence.PacketRing;
import io.vigil.collector.flow.AddressMapper;
import io.vigil.collector.flow.FlowRecordFactory;
import io.vigil.collector.flow.FlowStats;
import io.vigil.collector.flow.FlowTable;
import io.vigil.collector.flow.FlowTableConfig;
import io.vigil.model.CidrSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench ring}: what the evidence ring costs and gives. The capture through the
 * flow table with the ring off and on, alternately, warm and in one process (the ratio is the
 * cost); the ring's writing alone against tcpdump writing the same packets at the same snap
 * length (the peer); the disk it writes per packet; and the time to cut a two-minute window of
 * one host pair from a ring filled to {@code --ring-size}.
 */
@Command(name = "ring", mixinStandardHelpOptions = true,
        description = "The evidence ring: flow building with it off and on, its writing against tcpdump -w, "
                + "disk per packet, and cutting a window from a full ring.")
final class RingBench implements Callable<Integer> {

    @Mixin
    CaptureOptions input;

    @Option(names = "--runs", defaultValue = "5", description = "runs of each; medians are reported (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--ring-size", defaultValue = "2147483648", description = "bytes to fill the ring with before cutting (default: 2 GB)")
    long ringSize;

    @Option(names = "--dir", defaultValue = "target/bench/ring", description = "where the ring is written (default: ${DEFAULT-VALUE})")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path capture = input.ensure();
        List<Double> off = new ArrayList<>(), on = new ArrayList<>(), alone = new ArrayList<>(), peer = new ArrayList<>();
        long packets = 0, written = 0, droppedOn = 0, droppedAlone = 0;
        for (int i = 0; i <= runs; i++) {
            long[] n = new long[1];
            double a = time(() -> n[0] = flows(capture, null));
            PacketRing ring = fresh();
            double b = time(() -> flows(capture, ring));
            ring.close();
            written = ring.bytesWritten();
            droppedOn = Math.max(droppedOn, ring.droppedBytes());
            PacketRing ring2 = fresh();
            double c = time(() -> JavaCaptureReader.read(capture, ring2, x -> { }));
            ring2.close();
            droppedAlone = Math.max(droppedAlone, ring2.droppedBytes());
            double d = tcpdump(capture);
            packets = n[0];
            if (i == 0) continue; // the first round warms the JIT
            off.add(a);
            on.add(b);
            alone.add(c);
            if (d > 0) peer.add(d);
        }
        double mOff = median(off), mOn = median(on), mAlone = median(alone);
        System.out.printf(Locale.ROOT, "ring: %,d packets, snaplen 128, median of %d warm runs%n", packets, runs);
        System.out.printf(Locale.ROOT, "flows, ring off: %.2f s  %,.0f packets/s%n", mOff, packets / mOff);
        System.out.printf(Locale.ROOT, "flows, ring on:  %.2f s  %,.0f packets/s  (%.2fx the packets/s of off; cost %.0f%%)%n",
                mOn, packets / mOn, mOff / mOn, 100 * (mOn - mOff) / mOff);
        System.out.printf(Locale.ROOT, "ring writing alone: %.2f s  %,.0f packets/s%n", mAlone, packets / mAlone);
        if (!peer.isEmpty()) {
            double mPeer = median(peer);
            System.out.printf(Locale.ROOT, "tcpdump -r -s 128 -w: %.2f s  %,.0f packets/s  (ring alone %.2fx tcpdump)%n",
                    mPeer, packets / mPeer, mPeer / mAlone);
        }
        System.out.printf(Locale.ROOT, "let go because the disk was behind: %,d bytes with flows, %,d alone (most of any run)%n",
                droppedOn, droppedAlone);
        double perPacket = written / (double) packets;
        System.out.printf(Locale.ROOT, "disk: %.0f bytes per packet; at 1 000 packets/s %.2f GB an hour, at 10 000 %.1f GB%n",
                perPacket, perPacket * 1000 * 3600 / 1e9, perPacket * 10_000 * 3600 / 1e9);
        cutFromAFullRing(capture);
        return 0;
    }

    /** Fills a ring to --ring-size with the capture, shifted in time each pass, and times cuts of one pair's two minutes. */
    private void cutFromAFullRing(Path capture) throws Exception {
        PacketRing ring = new PacketRing(new PacketRing.Settings(clean(), ringSize + (64L << 20), Duration.ofDays(365), 128));
        long[] span = new long[2];
        List<String> pair = new ArrayList<>();
        JavaCaptureReader.read(capture, new PacketListener() {
            @Override
            public void begin(String source, int linkType) {}

            @Override
            public void packet(long ts, byte[] b, int o, int c, int l) {
                if (span[0] == 0) span[0] = ts;
                span[1] = ts;
            }
        }, x -> { });
        long shift = span[1] - span[0] + 1_000_000_000L;
        int passes = 0;
        long t0 = System.nanoTime();
        while (ring.size() < ringSize) {
            long by = passes * shift;
            JavaCaptureReader.read(capture, new PacketListener() {
                @Override
                public void begin(String source, int linkType) {
                    ring.begin(source, linkType);
                }

                @Override
                public void packet(long ts, byte[] b, int o, int c, int l) {
                    ring.packet(ts + by, b, o, c, l);
                }
            }, x -> { });
            passes++;
        }
        double fill = (System.nanoTime() - t0) / 1e9;
        // the bench capture's first conversation: 10.x client and its server, two minutes in the middle pass
        pair.addAll(firstPair(capture));
        long mid = span[0] + (passes / 2) * shift + (span[1] - span[0]) / 2;
        List<Double> cuts = new ArrayList<>();
        long got = 0;
        for (int i = 0; i < 5; i++) {
            Path out = dir.resolve("cut-" + i);
            long c0 = System.nanoTime();
            PacketRing.Outcome o = ring.cut(new EvidenceScope("bench", Set.copyOf(pair), mid - 60_000_000_000L, mid + 60_000_000_000L), out);
            cuts.add((System.nanoTime() - c0) / 1e9);
            got = o.packets();
        }
        System.out.printf(Locale.ROOT, "full ring: %.2f GB in %d passes (%.1f s); cutting two minutes of %s: median %.3f s, "
                + "%d packets%n", ring.size() / 1e9, passes, fill, pair, median(cuts), got);
        ring.close();
    }

    private static List<String> firstPair(Path capture) throws Exception {
        io.vigil.collector.decode.DecodedPacket d = new io.vigil.collector.decode.DecodedPacket();
        List<String> pair = new ArrayList<>();
        JavaCaptureReader.read(capture, new PacketListener() {
            io.vigil.collector.decode.PacketDecoder dec;

            @Override
            public void begin(String source, int linkType) {
                dec = new io.vigil.collector.decode.PacketDecoder(linkType);
            }

            @Override
            public void packet(long ts, byte[] b, int o, int c, int l) {
                if (!pair.isEmpty() || dec.decode(b, o, c, d) != io.vigil.collector.decode.DecodeResult.OK) return;
                pair.add(io.vigil.collector.flow.Addresses.format(d.ipVersion, d.srcHi, d.srcLo));
                pair.add(io.vigil.collector.flow.Addresses.format(d.ipVersion, d.dstHi, d.dstLo));
            }
        }, x -> { });
        return pair;
    }

    private PacketRing fresh() throws Exception {
        return new PacketRing(new PacketRing.Settings(clean(), 64L << 30, Duration.ofDays(365), 128));
    }

    private Path clean() throws Exception {
        return clean(dir);
    }

    /** {@code dir}, emptied (made when missing). */
    static Path clean(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
        return Files.createDirectories(dir);
    }

    /** Packets through the flow table (records discarded), and through the ring too when given. */
    private static long flows(Path capture, PacketRing ring) throws Exception {
        FlowTable table = new FlowTable(FlowTableConfig.defaults(), new FlowRecordFactory("s", "c", CidrSet.privateRanges(),
                AddressMapper.IDENTITY), r -> { }, new FlowStats());
        CaptureStats stats = new CaptureStats();
        PacketListener flows = new CaptureReplay(table, stats);
        // the same tee the collector puts in its capture path
        JavaCaptureReader.read(capture, ring == null ? flows : EvidenceTap.tee(flows, ring), x -> { });
        table.flush("end_of_input");
        return stats.frames.get();
    }

    /** tcpdump writing the capture's packets at snap length 128: seconds, or -1 without tcpdump. */
    private double tcpdump(Path capture) throws Exception {
        Path bin = Stream.of("/usr/bin/tcpdump", "/usr/sbin/tcpdump").map(Path::of).filter(Files::isExecutable).findFirst()
                .orElse(null);
        if (bin == null) return -1;
        Path out = dir.resolve("tcpdump.pcap");
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(bin.toString(), "-r", capture.toString(), "-s", "128", "-w", out.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        Files.deleteIfExists(out);
        return s;
    }

    interface Run {
        void run() throws Exception;
    }

    private static double time(Run r) throws Exception {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
