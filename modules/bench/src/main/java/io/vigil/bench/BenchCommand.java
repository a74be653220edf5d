package io.vigil.bench;

import io.vigil.cli.ExitCodes;
import io.vigil.cli.Plugin;
import io.vigil.cli.UserException;
import io.vigil.cli.Vigil;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.capture.JavaCaptureReader;
import io.vigil.collector.capture.PacketListener;
import io.vigil.collector.capture.PcapFileReader;
import io.vigil.collector.decode.DecodedPacket;
import io.vigil.collector.flow.AddressMapper;
import io.vigil.collector.flow.FlowRecordFactory;
import io.vigil.collector.flow.FlowStats;
import io.vigil.collector.flow.FlowTable;
import io.vigil.collector.flow.FlowTableConfig;
import io.vigil.model.CidrSet;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench collector}: Vigil's flow building against softflowd and argus on the
 * same capture in the same run, whole processes timed by {@code /usr/bin/time}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks; see BENCHMARKS.md for figures and how they were made.",
        subcommands = {BenchCommand.Collector.class, BenchCommand.FlowTableMemory.class, DetectorBench.class,
                NotifierBench.class, ConsoleBench.class, SoakBench.class, NetflowBench.class, RingBench.class, WeekBench.class,
                RingLiveBench.class})
public final class BenchCommand implements Runnable, Plugin {

    @Override
    public void run() {
        throw new UserException("say what to benchmark: vigil bench collector");
    }

    @Command(name = "collector", mixinStandardHelpOptions = true,
            description = {"Flows from a large capture: vigil flows (mapped reader and pcap4j) vs softflowd and argus,",
                    "wall time and peak memory of each whole process (median of --runs, tools alternating in each",
                    "round), and each as a ratio to softflowd's."})
    static final class Collector implements Callable<Integer> {

        @Mixin
        CaptureOptions input;

        @Option(names = "--runs", defaultValue = "3", description = "runs per tool; the median is reported (default: ${DEFAULT-VALUE})")
        int runs;

        @Option(names = "--warm", paramLabel = "N", defaultValue = "0",
                description = {"instead: run vigil flows N times in this JVM and print each run's time (the cost once compiled),",
                        "then read the capture N times through each reader alone (the Java reader; libpcap, as live capture)"})
        int warm;

        @Option(names = "--baseline-jar", paramLabel = "JAR",
                description = "also time vigil flows from another build (before and after, in the same rounds)")
        Path baseline;

        @Override
        public Integer call() throws Exception {
            requireTool("/usr/bin/time", "time");
            Path capture = input.ensure();
            if (warm > 0) return warmRuns(capture);
            long packets = countPackets(capture);
            String jar = Path.of(Vigil.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            List<Tool> tools = new ArrayList<>();
            // the launcher's JVM options for flows (bin/vigil)
            tools.add(new Tool("vigil flows (Java reader)", List.of("java", "-Xmx2g", "-XX:+UseSerialGC", "-jar", jar, "flows", "-q",
                    "--out", "/dev/null", capture.toString())));
            if (baseline != null) {
                if (!Files.isReadable(baseline)) throw new UserException("--baseline-jar " + baseline + ": no such file");
                tools.add(new Tool("vigil flows (Java reader), baseline build", List.of("java", "-Xmx2g", "-XX:+UseSerialGC", "-jar",
                        baseline.toString(), "flows", "-q", "--out", "/dev/null", capture.toString())));
            }
            tools.add(new Tool("vigil flows (libpcap, as live capture)", List.of("java", "-Xmx2g", "-XX:+UseSerialGC", "-jar", jar, "flows", "-q",
                    "--reader", "PCAP4J", "--out", "/dev/null", capture.toString())));
            try (DatagramSocket sink = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                Thread drain = new Thread(() -> {
                    byte[] buf = new byte[65536];
                    while (!sink.isClosed()) {
                        try {
                            sink.receive(new DatagramPacket(buf, buf.length));
                        } catch (IOException e) {
                            return;
                        }
                    }
                }, "netflow-sink");
                drain.setDaemon(true);
                drain.start();
                if (Files.isExecutable(Path.of("/usr/sbin/softflowd"))) {
                    tools.add(new Tool("softflowd 1.1.0", List.of("/usr/sbin/softflowd", "-d", "-r", capture.toString(), "-n",
                            "127.0.0.1:" + sink.getLocalPort())));
                }
                Path argusOut = Files.createTempFile("bench", ".argus");
                if (Files.isExecutable(Path.of("/usr/sbin/argus"))) {
                    tools.add(new Tool("argus 3.0.8", List.of("/usr/sbin/argus", "-r", capture.toString(), "-w",
                            argusOut.toString())));
                }
                // rounds: every tool once per round, so a slow spell of the machine hits all of them
                for (int round = 1; round <= runs; round++) {
                    for (Tool t : tools) t.runOnce(round);
                }
                Files.deleteIfExists(argusOut);
            }
            Tool softflowd = tools.stream().filter(t -> t.name.startsWith("softflowd")).findFirst().orElse(null);
            System.out.printf("capture: %s, %,d packets, %.0f MB; machine: %s, %d cores; %s%n", capture, packets,
                    Files.size(capture) / 1e6, cpuModel(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            System.out.println();
            System.out.println("| tool | wall s (median of " + runs + ") | range | packets/s | peak RSS MB | wall time vs softflowd "
                    + "| memory vs softflowd |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (Tool t : tools) {
                double seconds = t.seconds();
                String ratio = softflowd == null ? "-" : String.format(Locale.ROOT, "%.2f×", seconds / softflowd.seconds());
                String mem = softflowd == null ? "-" : String.format(Locale.ROOT, "%.1f×", (double) t.peakKb() / softflowd.peakKb());
                System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f–%.2f | %,.0f | %.0f | %s | %s |%n", t.name, seconds, t.times.get(0),
                        t.times.get(t.times.size() - 1), packets / seconds, t.peakKb() / 1024.0, ratio, mem);
            }
            return ExitCodes.OK;
        }

        /** The flows command again and again in one JVM: the first run pays for the JIT, the later ones do not. */
        private int warmRuns(Path capture) {
            for (int i = 1; i <= warm; i++) {
                long t0 = System.nanoTime();
                int code = Vigil.execute("flows", "-q", "--out", "/dev/null", capture.toString());
                if (code != ExitCodes.OK) throw new IllegalStateException("vigil flows exited " + code);
                System.out.printf(Locale.ROOT, "run %d: %.2f s%n", i, (System.nanoTime() - t0) / 1e9);
            }
            for (String reader : List.of("Java reader", "libpcap")) {
                for (int i = 1; i <= warm; i++) {
                    long[] n = new long[1];
                    PacketListener count = new PacketListener() {
                        @Override
                        public void begin(String source, int linkType) {}

                        @Override
                        public void packet(long tsNanos, byte[] buf, int offset, int caplen, int origLen) {
                            n[0]++;
                        }
                    };
                    long t0 = System.nanoTime();
                    try {
                        if (reader.equals("libpcap")) PcapFileReader.read(capture, count, null);
                        else JavaCaptureReader.read(capture, count, null);
                    } catch (CaptureInputException e) {
                        throw new UserException(e.getMessage());
                    }
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf(Locale.ROOT, "read only, %s, run %d: %,d packets in %.2f s, %,.0f packets/s%n", reader, i, n[0], s,
                            n[0] / s);
                }
            }
            return ExitCodes.OK;
        }

        private static long countPackets(Path file) throws Exception {
            long[] n = new long[1];
            JavaCaptureReader.read(file, new PacketListener() {
                @Override
                public void begin(String source, int linkType) {}

                @Override
                public void packet(long tsNanos, byte[] buf, int offset, int caplen, int origLen) {
                    n[0]++;
                }
            }, null);
            return n[0];
        }

        private static void requireTool(String path, String pkg) {
            if (!Files.isExecutable(Path.of(path))) throw new UserException(path + " is missing: apt-get install -y " + pkg);
        }

        private static String cpuModel() {
            try {
                for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (l.startsWith("model name")) return l.substring(l.indexOf(':') + 1).trim();
                }
            } catch (IOException e) {
                // not Linux
            }
            return System.getProperty("os.arch");
        }
    }

    @Command(name = "flow-table", mixinStandardHelpOptions = true,
            description = "Heap bytes per active flow: fills a flow table with N UDP and N TCP flows and measures the heap.")
    static final class FlowTableMemory implements Callable<Integer> {

        @Option(names = "--flows", defaultValue = "500000", description = "flows per protocol (default: ${DEFAULT-VALUE})")
        int flows;

        @Override
        public Integer call() {
            for (int proto : new int[] {17, 6}) {
                FlowTable table = new FlowTable(
                        FlowTableConfig.defaults().withMaxFlows(flows + 1),
                        new FlowRecordFactory("s", "c", CidrSet.privateRanges(),
                                AddressMapper.IDENTITY), r -> {},
                        new FlowStats());
                DecodedPacket p = new DecodedPacket();
                p.ipVersion = 4;
                p.proto = proto;
                p.ipLength = 60;
                p.data = new byte[0];
                p.tcpFlags = proto == 6 ? 0x02 : 0;
                long before = usedHeap();
                long t0 = System.nanoTime();
                long ts = 1_793_000_000L * 1_000_000_000L;
                for (int i = 0; i < flows; i++) {
                    p.srcLo = 0x0a000000L | (i >>> 8);
                    p.srcPort = 1024 + (i & 0xff);
                    p.dstLo = 0xc6336407L;
                    p.dstPort = proto == 6 ? 443 : 53;
                    table.add(p, ts + i);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long after = usedHeap();
                System.out.printf(Locale.ROOT, "%s: %,d active flows, %.0f heap bytes per flow, %.0f ns per new flow%n",
                        proto == 6 ? "tcp" : "udp", table.size(), (after - before) / (double) flows, seconds * 1e9 / flows);
            }
            return ExitCodes.OK;
        }

        private static long usedHeap() {
            for (int i = 0; i < 3; i++) System.gc();
            Runtime rt = Runtime.getRuntime();
            return rt.totalMemory() - rt.freeMemory();
        }
    }

    /** One tool: its command, and the wall times and peak memory of its runs. */
    static final class Tool {
        final String name;
        final List<String> command;
        final List<Double> times = new ArrayList<>();
        final List<Long> mems = new ArrayList<>();

        Tool(String name, List<String> command) {
            this.name = name;
            this.command = command;
        }

        void runOnce(int round) throws Exception {
            Path out = Files.createTempFile("bench-time", ".txt");
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %M", "-o", out.toString()));
            cmd.addAll(command);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(name + " did not finish in 30 minutes");
            }
            String[] r = Files.readString(out).trim().lines().reduce((a, b) -> b).orElse("0 0").split(" ");
            Files.deleteIfExists(out);
            if (p.exitValue() != 0) throw new IllegalStateException(name + " failed with exit " + p.exitValue() + ": " + command);
            times.add(Double.parseDouble(r[0]));
            mems.add(Long.parseLong(r[1]));
            times.sort(null);
            mems.sort(null);
            System.err.printf("bench: %s run %d: %s s, %s KB%n", name, round, r[0], r[1]);
        }

        double seconds() {
            return times.get(times.size() / 2);
        }

        long peakKb() {
            return mems.get(mems.size() / 2);
        }
    }
}
