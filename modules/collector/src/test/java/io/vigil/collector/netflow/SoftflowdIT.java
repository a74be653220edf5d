package io.vigil.collector.netflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.collector.Replays;
import io.vigil.collector.flow.AddressMapper;
import io.vigil.collector.flow.FlowTableConfig;
import io.vigil.model.CidrSet;
import io.vigil.model.FlowRecord;
import io.vigil.simulator.Scenario;
import io.vigil.simulator.Scenarios;
import io.vigil.testkit.Softflowd;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real exporter: softflowd (Debian's) reads a capture and exports its flows to Vigil's
 * receiver on loopback as NetFlow v5, v9 and IPFIX; the flows Vigil makes of them agree with
 * the flows Vigil's own flow table makes of the same capture — conversations, packets and
 * bytes — within what softflowd's different timeouts explain.
 */
class SoftflowdIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "NetFlow version {0}")
    @ValueSource(ints = {5, 9, 10})
    void softflowdsExportOfACaptureIsTheCapturesFlows(int version) throws Exception {
        Scenario scenario = Scenarios.demo(5);
        Path capture = scenario.traffic().write(dir.resolve("demo.pcap"));
        List<FlowRecord> own = Replays.replay(List.of(capture), FlowTableConfig.defaults());

        List<FlowRecord> exported = new CopyOnWriteArrayList<>();
        BiflowJoiner joiner = new BiflowJoiner("lab", "netflow", CidrSet.of(scenario.internal()),
                AddressMapper.IDENTITY, exported::add, 2_000);
        ExporterStats stats = new ExporterStats();
        try (NetflowReceiver r = new NetflowReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), joiner,
                stats).start()) {
            Softflowd.export(capture, r.port(), version, dir.resolve("softflowd.log"));
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() - r.lastPacketMs() < 1_000 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
        }
        long ownPackets = own.stream().mapToLong(f -> f.packetsOut() + f.packetsIn()).sum();
        long ownBytes = own.stream().mapToLong(f -> f.bytesOut() + f.bytesIn()).sum();
        long nfPackets = exported.stream().mapToLong(f -> f.packetsOut() + f.packetsIn()).sum();
        long nfBytes = exported.stream().mapToLong(f -> f.bytesOut() + f.bytesIn()).sum();
        String line = String.format(Locale.ROOT, "netflow v%d: %d records (vigil flows: %d), %d packets (%d), "
                        + "%d bytes (%d); exporter counts %s%n", version, exported.size(), own.size(), nfPackets, ownPackets,
                nfBytes, ownBytes, stats.snapshot());
        System.out.print(line);
        Files.writeString(dir.getParent().resolve("softflowd-v" + version + ".txt"), line);
        assertThat(stats.total(ExporterStats.Kind.MALFORMED)).isZero();
        assertThat(stats.total(ExporterStats.Kind.TEMPLATE_MISSES)).isZero();
        assertThat(stats.total(ExporterStats.Kind.LOST)).as("nothing lost on loopback").isZero();
        assertThat(stats.total(ExporterStats.Kind.OUT_OF_ORDER)).isZero();
        assertThat(exported).allSatisfy(f -> {
            assertThat(f.problems()).isEmpty();
            assertThat(f.source()).as("marked as an exporter's").isEqualTo("netflow");
        });
        assertThat(own).allSatisfy(f -> assertThat(f.source()).as("a capture's records say nothing").isNull());
        // the exporter's times are the capture's, whatever its clock says (softflowd reads an old capture)
        long firstPacket = own.stream().mapToLong(FlowRecord::start).min().orElseThrow();
        long lastPacket = own.stream().mapToLong(FlowRecord::end).max().orElseThrow();
        assertThat(exported).allSatisfy(f -> {
            assertThat(f.start()).isBetween(firstPacket - 1000, lastPacket + 1000);
            assertThat(f.end()).isBetween(f.start(), lastPacket + 1000);
        });
        assertThat((double) nfPackets).as("packets").isCloseTo(ownPackets, Percentage.withPercentage(1));
        assertThat((double) nfBytes).as("bytes").isCloseTo(ownBytes, Percentage.withPercentage(1));
        assertThat((double) exported.size()).as("conversations").isCloseTo(own.size(),
                Percentage.withPercentage(10));
    }
}
