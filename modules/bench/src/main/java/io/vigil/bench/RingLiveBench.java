package io.vigil.bench;

import io.vigil.collector.CaptureReplay;
import io.vigil.collector.CaptureStats;
import io.vigil.collector.capture.LiveCapture;
import io.vigil.collector.capture.PacketListener;
import io.vigil.collector.evidence.EvidenceTap;
import io.vigil.collector.evidence.PacketRing;
import io.vigil.collector.flow.AddressMapper;
import io.vigil.collector.flow.FlowRecordFactory;
import io.vigil.collector.flow.FlowStats;
import io.vigil.collector.flow.FlowTable;
import io.vigil.collector.flow.FlowTableConfig;
import io.vigil.model.CidrSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench ring-live}: the ring's cost where the collector really works — libpcap on
 * an interface. tcpreplay sends the bench capture as fast as it can into one end of a veth pair;
 * the collector's capture path (pcap4j → flow table, and the ring when on) reads the other end.
 * Ring off and on alternate, each round with the same packets; reported: packets the path took,
 * packets the kernel dropped because the path was behind, and packets a second. Run it inside a
 * network namespace of its own (bench/ring-live.sh makes one and removes it).
 */
@Command(name = "ring-live", mixinStandardHelpOptions = true,
        description = "The evidence ring's cost on live capture: tcpreplay into a veth pair, the capture path with the "
                + "ring off and on. Run by bench/ring-live.sh inside a network namespace of its own.")
final class RingLiveBench implements Callable<Integer> {

    @Mixin
    CaptureOptions input;

    @Option(names = "--interface", required = true, description = "the veth end to capture on")
    String iface;

    @Option(names = "--sender", required = true, description = "the veth end tcpreplay sends into")
    String sender;

    @Option(names = "--runs", defaultValue = "5", description = "rounds of off and on (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--pps", defaultValue = "0", description = "tcpreplay's rate in packets/s; 0: as fast as it can (default)")
    long pps;

    @Option(names = "--dir", defaultValue = "target/bench/ring-live", description = "where the ring is written")
    Path dir;

    record Run(long taken, long dropped, double seconds) {}

    @Override
    public Integer call() throws Exception {
        Path capture = input.ensure();
        List<Run> off = new ArrayList<>(), on = new ArrayList<>();
        long sent = 0;
        for (int i = 0; i <= runs; i++) {
            // alternate which goes first, so neither always meets a warmer or cooler page cache
            for (boolean ring : i % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                long[] s = new long[1];
                Run r = once(capture, ring, s);
                sent = s[0];
                if (i == 0) continue; // the first round warms the JIT
                (ring ? on : off).add(r);
                System.err.printf(Locale.ROOT, "bench: round %d ring %s: %,d taken, %,d dropped, %.2f s%n", i,
                        ring ? "on" : "off", r.taken, r.dropped, r.seconds);
            }
        }
        System.out.printf(Locale.ROOT, "ring-live: %,d packets sent by tcpreplay into a veth pair each run%s, %d rounds, medians%n",
                sent, pps > 0 ? " at " + pps + " packets/s" : " as fast as it can", runs);
        report("ring off", off, sent);
        report("ring on ", on, sent);
        double offRate = RingBench.median(off.stream().map(r -> r.taken / r.seconds).toList());
        double onRate = RingBench.median(on.stream().map(r -> r.taken / r.seconds).toList());
        System.out.printf(Locale.ROOT, "ring on takes %.2fx the packets/s of ring off (cost %.0f%%)%n", onRate / offRate,
                100 * (1 - onRate / offRate));
        return 0;
    }

    private void report(String what, List<Run> runs, long sent) {
        double taken = RingBench.median(runs.stream().map(r -> (double) r.taken).toList());
        double dropped = RingBench.median(runs.stream().map(r -> (double) r.dropped).toList());
        double rate = RingBench.median(runs.stream().map(r -> r.taken / r.seconds).toList());
        System.out.printf(Locale.ROOT, "%s: %,.0f taken (%.1f%% of sent), %,.0f dropped by the kernel, %,.0f packets/s%n",
                what, taken, 100 * taken / sent, dropped, rate);
    }

    /** One run: capture on, tcpreplay sends the capture, capture drained and stopped. */
    private Run once(Path capture, boolean withRing, long[] sent) throws Exception {
        LiveCapture live = new LiveCapture(new LiveCapture.Settings(iface, 2048, true, 256 << 20, ""));
        live.open();
        FlowTable table = new FlowTable(FlowTableConfig.defaults(), new FlowRecordFactory("s", "c", CidrSet.privateRanges(),
                AddressMapper.IDENTITY), r -> { }, new FlowStats());
        CaptureStats stats = new CaptureStats();
        PacketListener flows = new CaptureReplay(table, stats);
        PacketRing ring = withRing ? new PacketRing(new PacketRing.Settings(RingBench.clean(dir), 64L << 30, Duration.ofDays(365), 128)) : null;
        PacketListener listener = ring == null ? flows : EvidenceTap.tee(flows, ring);
        boolean[] running = {true};
        Thread t = new Thread(() -> {
            try {
                live.run(listener, () -> table.advanceTo(System.currentTimeMillis() * 1_000_000L), () -> running[0]);
            } catch (Exception e) {
                System.err.println("bench: capture failed: " + e.getMessage());
            }
        }, "bench-capture");
        t.start();
        Thread.sleep(500);
        List<String> cmd = new ArrayList<>(List.of("tcpreplay", "-i", sender));
        cmd.addAll(pps > 0 ? List.of("--pps=" + pps) : List.of("--topspeed"));
        cmd.add(capture.toString());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("tcpreplay failed: " + out.strip());
        sent[0] = sentCount(out);
        // what is still in the kernel's buffer is the path's to take: the run ends at its last packet
        long lastChange = System.nanoTime(), seen = stats.frames.get();
        while (System.nanoTime() - lastChange < 1_000_000_000L) {
            Thread.sleep(100);
            long now = stats.frames.get();
            if (now != seen) {
                seen = now;
                lastChange = System.nanoTime();
            }
        }
        double seconds = (lastChange - t0) / 1e9;
        running[0] = false;
        t.join(5_000);
        live.close();
        if (ring != null) ring.close();
        return new Run(stats.frames.get(), live.dropped.get() + live.droppedByInterface.get(), seconds);
    }

    /** "Actual: 2823917 packets (…) sent in …" from tcpreplay's summary. */
    private static long sentCount(String out) {
        for (String line : out.split("\n")) {
            String l = line.strip();
            if (l.startsWith("Actual:")) return Long.parseLong(l.split("\\s+")[1]);
        }
        throw new IllegalStateException("tcpreplay said nothing of what it sent: " + out.strip());
    }
}
