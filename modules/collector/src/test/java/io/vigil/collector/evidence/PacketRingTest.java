package io.vigil.collector.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.collector.capture.JavaCaptureReader;
import io.vigil.collector.capture.PacketListener;
import io.vigil.collector.privacy.HmacPseudonymizer;
import io.vigil.model.CidrSet;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packet ring holds its bounds and gives back what an alert stands on: it wraps at its size
 * and stops growing, a window is cut to the alert's hosts only, a window it no longer holds is
 * "expired", a segment cut short by a crash is read up to the damage, and a ring that cannot
 * write says so without stopping the capture that feeds it.
 */
class PacketRingTest {

    @TempDir
    Path dir;

    static final long T0 = 1_780_000_000_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    /** An Ethernet/IPv4/UDP frame of {@code size} bytes from 10.0.0.{src} to 10.0.0.{dst}. */
    static byte[] frame(int src, int dst, int size) {
        byte[] f = new byte[size];
        f[12] = 0x08;
        f[14] = 0x45;
        int ipLen = size - 14;
        f[16] = (byte) (ipLen >> 8);
        f[17] = (byte) ipLen;
        f[22] = 64;
        f[23] = 17;
        f[26] = 10; f[29] = (byte) src;
        f[30] = 10; f[33] = (byte) dst;
        f[34] = 0x30; f[35] = 0x39; f[36] = 0x00; f[37] = 0x35;
        f[38] = (byte) ((ipLen - 20) >> 8);
        f[39] = (byte) (ipLen - 20);
        return f;
    }

    static void feed(PacketRing r, long ts, int src, int dst, int size) {
        byte[] f = frame(src, dst, size);
        r.packet(ts, f, 0, f.length, f.length);
    }

    static List<Long> times(Path pcap) throws Exception {
        List<Long> out = new ArrayList<>();
        JavaCaptureReader.read(pcap, new PacketListener() {
            @Override
            public void begin(String source, int linkType) {}

            @Override
            public void packet(long ts, byte[] b, int o, int caplen, int origLen) {
                out.add(ts);
            }
        }, n -> { });
        return out;
    }

    static EvidenceScope scope(String id, long from, long to, String... hosts) {
        return new EvidenceScope(id, Set.of(hosts), from, to);
    }

    @Test
    void itWrapsAtItsSizeAndTheDiskStopsGrowing() throws Exception {
        PacketRing r = new PacketRing(new PacketRing.Settings(dir, 3 << 20, Duration.ofDays(1), 128, 1 << 20, Duration.ofMinutes(10)));
        r.begin("lo", 1);
        long peak = 0;
        for (int i = 0; i < 100_000; i++) {
            feed(r, T0 + i * 1_000_000L, 1, 2, 1000);
            if (i % 5000 == 0) peak = Math.max(peak, r.size());
        }
        r.close();
        // 100 000 packets of 144 bytes (128 + header) written: ~14 MB, kept: at most the cap and one segment
        assertThat(r.bytesWritten()).isGreaterThan(10L << 20);
        assertThat(r.size()).isLessThanOrEqualTo(3L << 20);
        assertThat(peak).isLessThanOrEqualTo((3L << 20) + (1L << 20) + 1000);
        assertThat(r.segmentsDeleted()).isPositive();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).allMatch(n -> n.matches("ring-\\d+-\\d+\\.pcap")
                    || n.equals("ring.lost-before"));
        }
        // the start is gone, and a cut of it says so
        PacketRing again = new PacketRing(new PacketRing.Settings(dir, 3 << 20, Duration.ofDays(1), 128));
        assertThat(again.cut(scope("old", T0, T0 + 1_000_000L, "10.0.0.1", "10.0.0.2"), dir.resolve("out")).status())
                .isEqualTo(PacketRing.Outcome.EXPIRED);
        assertThat(again.cut(scope("straddles", T0, T0 + 100_000 * 1_000_000L, "10.0.0.1", "10.0.0.2"), dir.resolve("out"))
                .status()).isEqualTo(PacketRing.Outcome.PARTIAL);
    }

    @Test
    void aWindowIsCutToTheAlertsHostsAndAnOldOneHasExpired() throws Exception {
        PacketRing r = new PacketRing(new PacketRing.Settings(dir, 64 << 20, Duration.ofMinutes(30), 96, 64 << 10,
                Duration.ofMinutes(1)));
        r.begin("eth1", 1);
        // an hour: every second a packet 1→2 (the alert's), one 1→3 and one 4→5 (not)
        for (int s = 0; s < 3600; s++) {
            long ts = T0 + s * SECOND;
            feed(r, ts, 1, 2, 400);
            feed(r, ts + 1000, 1, 3, 400);
            feed(r, ts + 2000, 4, 5, 400);
        }
        PacketRing.Outcome o = r.cut(scope("a1", T0 + 3000 * SECOND, T0 + 3100 * SECOND, "10.0.0.1", "10.0.0.2"),
                dir.resolve("out"));
        assertThat(o.status()).isEqualTo(PacketRing.Outcome.OK);
        assertThat(o.file()).hasFileName("a1.pcap");
        assertThat(times(o.file())).hasSize(101).allMatch(t -> (t - T0) % SECOND == 0);
        assertThat(o.packets()).isEqualTo(101);
        // the ring keeps 30 minutes: the first minutes are gone, and said to be
        PacketRing.Outcome old = r.cut(scope("a2", T0, T0 + 60 * SECOND, "10.0.0.1", "10.0.0.2"), dir.resolve("out"));
        assertThat(old.status()).isEqualTo(PacketRing.Outcome.EXPIRED);
        assertThat(old.file()).isNull();
        assertThat(dir.resolve("out/a2.pcap")).doesNotExist();
        r.close();
    }

    @Test
    void withPseudonymsAnAlertNamingInternalHostsByPseudonymFindsTheirPackets() throws Exception {
        PacketRing r = new PacketRing(new PacketRing.Settings(dir, 64 << 20, Duration.ofDays(1), 96));
        r.begin("eth1", 1);
        for (int s = 0; s < 100; s++) {
            feed(r, T0 + s * SECOND, 1, 2, 200);
            feed(r, T0 + s * SECOND + 1000, 1, 3, 200);
        }
        HmacPseudonymizer key = new HmacPseudonymizer("0123456789abcdef0123456789abcdef".getBytes());
        // 10.0.0.1 is internal (pseudonymised in flows and alerts); 10.0.0.2 is not (its own address)
        EvidenceCut.Naming naming = EvidenceCut.Naming.of(key, CidrSet.of(List.of("10.0.0.1/32")));
        String p1 = key.map(new byte[] {10, 0, 0, 1}, "10.0.0.1", true);
        assertThat(p1).startsWith("ip-");
        PacketRing.Outcome o = r.cut(scope("p", T0, T0 + 200 * SECOND, p1, "10.0.0.2"), dir.resolve("out"), naming);
        assertThat(o.packets()).isEqualTo(100);
        assertThat(r.cut(scope("q", T0, T0 + 200 * SECOND, "10.0.0.1", "10.0.0.2"), dir.resolve("out"), naming).status())
                .as("the real address of a pseudonymised host finds nothing: alerts never carry it").isEqualTo(PacketRing.Outcome.NONE);
        r.close();
    }

    @Test
    void aSegmentCutShortIsReadToTheDamageAndCounted() throws Exception {
        PacketRing r = new PacketRing(new PacketRing.Settings(dir, 64 << 20, Duration.ofDays(1), 128, 32 << 10,
                Duration.ofMinutes(10)));
        r.begin("eth1", 1);
        for (int i = 0; i < 2000; i++) feed(r, T0 + i * 10_000_000L, 1, 2, 200);
        r.close();
        Path first;
        try (Stream<Path> files = Files.list(dir)) {
            first = files.sorted().findFirst().orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
            f.setLength(f.length() - 50); // the last record cut in half, as a crash leaves it
        }
        PacketRing again = new PacketRing(new PacketRing.Settings(dir, 64 << 20, Duration.ofDays(1), 128));
        PacketRing.Outcome o = again.cut(scope("a3", T0, T0 + 100 * SECOND, "10.0.0.1", "10.0.0.2"), dir.resolve("out"));
        assertThat(o.damagedSegments()).isEqualTo(1);
        assertThat(o.packets()).isEqualTo(1999);
    }

    @Test
    void aSegmentLeftOpenByACrashIsClosedAtStartUnderItsTimes() throws Exception {
        PacketRing r = new PacketRing(new PacketRing.Settings(dir, 64 << 20, Duration.ofDays(1), 128));
        r.begin("eth1", 1);
        for (int i = 0; i < 100; i++) feed(r, T0 + i * SECOND, 1, 2, 200);
        r.cut(scope("flush", T0, T0, "10.0.0.9"), dir.resolve("ignored")); // flushes, as a cut does; never closed
        PacketRing after = new PacketRing(new PacketRing.Settings(dir, 64 << 20, Duration.ofDays(1), 128));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("ring-")))
                    .containsExactly("ring-" + T0 + "-" + (T0 + 99 * SECOND) + ".pcap");
        }
        assertThat(after.cut(scope("a4", T0, T0 + 200 * SECOND, "10.0.0.1"), dir.resolve("out")).packets()).isEqualTo(100);
    }

    @Test
    void aRingThatCannotWriteSaysWhyAndTheCaptureGoesOn() throws Exception {
        Path ringDir = dir.resolve("ring");
        PacketRing r = new PacketRing(new PacketRing.Settings(ringDir, 64 << 20, Duration.ofDays(1), 128));
        r.begin("eth1", 1);
        Files.delete(ringDir);
        Files.writeString(ringDir, "not a directory any more");
        feed(r, T0, 1, 2, 200); // must not throw: the packet still goes to the flow table
        assertThat(r.unavailable()).startsWith("cannot write the packet ring in " + ringDir);
        assertThat(r.failures()).isEqualTo(1);
        feed(r, T0 + SECOND, 1, 2, 200);
        assertThat(r.failures()).as("tried again only after a minute").isEqualTo(1);
    }
}
