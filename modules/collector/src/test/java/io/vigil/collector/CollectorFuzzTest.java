package io.vigil.collector;

import static io.vigil.simulator.Traffic.MS;
import static io.vigil.simulator.Traffic.SECOND;
import static io.vigil.simulator.Traffic.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.collector.app.AppClassifier;
import io.vigil.collector.app.CleartextLogins;
import io.vigil.collector.app.DnsParser;
import io.vigil.collector.app.TlsParser;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.capture.JavaCaptureReader;
import io.vigil.collector.capture.PacketListener;
import io.vigil.collector.capture.PcapFileReader;
import io.vigil.collector.flow.AddressMapper;
import io.vigil.collector.flow.FlowRecordFactory;
import io.vigil.collector.flow.FlowStats;
import io.vigil.collector.flow.FlowTable;
import io.vigil.collector.flow.FlowTableConfig;
import io.vigil.model.CidrSet;
import io.vigil.model.FlowRecord;
import io.vigil.model.JsonSerde;
import io.vigil.simulator.Traffic;
import io.vigil.simulator.packet.DnsMessages;
import io.vigil.simulator.packet.Framing;
import io.vigil.simulator.packet.IpPackets;
import io.vigil.simulator.packet.TlsMessages;
import io.vigil.runtime.pcap.LinkType;
import io.vigil.testkit.Mutator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and hostile input against everything in the collector that reads bytes from the
 * wire or a file. The contract: a frame is decoded or counted as malformed, a file is read or
 * its damage is reported (or it is refused with a {@link CaptureInputException}), and every
 * record that comes out is one the detector accepts. Seeded, so a failure names the iteration
 * that reproduces it; {@code -Dvigil.fuzz.iterations=N} runs longer (BENCHMARKS.md).
 */
class CollectorFuzzTest {

    @TempDir
    Path dir;

    /** Something of everything the decoders and parsers look at, IPv4 and IPv6. */
    static Traffic seeds() {
        Traffic t = new Traffic(7);
        long t0 = 1_793_000_000L * SECOND;
        InetAddress c = ip("10.10.2.20"), s = ip("198.51.100.80"), c6 = ip("fd00::20"), s6 = ip("2001:db8::80");
        InetAddress resolver = ip("10.10.0.53");
        t.httpSession(t0, c, 40000, s, 80, "/login?user=a&password=b", 2000, 10 * MS);
        t.tlsSession(t0, c6, 40001, s6, 443, "portal.example.org", TlsMessages.TLS12, 3000, 10 * MS);
        t.tlsSession(t0, c, 40002, s, 443, "old.example.org", TlsMessages.TLS10, 1000, 10 * MS);
        t.tcpSession(t0, c, 40003, s, 21, "USER admin\r\nPASS secret\r\n".getBytes(), "230 ok\r\n".getBytes(), 10, 10 * MS);
        t.tcpSession(t0, c, 40004, s, 53, DnsMessages.overTcp(DnsMessages.query(9, "a.example.org", DnsMessages.TXT)),
                null, 0, 10 * MS);
        t.dnsLookup(t0, c, resolver, "dGhpcyBpcyBhIHR1bm5lbA.t.example.net", DnsMessages.NULL, DnsMessages.NOERROR, 5 * MS);
        t.dnsLookup(t0, c6, ip("fd00::53"), "www.example.org", DnsMessages.AAAA, DnsMessages.NXDOMAIN, 5 * MS);
        t.tcpRejected(t0, ip("203.0.113.9"), 50000, s, 8080, 5 * MS);
        t.ping(t0, c, s, 1, 5 * MS);
        t.add(t0 + SECOND, IpPackets.icmp(s, c, 3, 3, new byte[4], IpPackets.udp(c, 5000, s, 6000, new byte[8])));
        t.udpExchange(t0, c6, 5353, s6, 5353, new byte[40], new byte[40], 5 * MS);
        return t;
    }

    @Test
    void mutatedFramesOfEveryLinkTypeAreDecodedOrCountedAndMakeOnlyValidRecords() throws Exception {
        Mutator mutator = new Mutator(11);
        int n = Mutator.iterations(4000);
        for (Framing framing : List.of(new Framing(LinkType.ETHERNET, 0), new Framing(LinkType.ETHERNET, 100),
                new Framing(LinkType.RAW, 0), new Framing(LinkType.LINUX_SLL, 0), new Framing(LinkType.LINUX_SLL2, 0))) {
            Path file = dir.resolve("seed-" + framing.linkType() + ".pcap");
            seeds().write(file, framing, false, false);
            List<byte[]> frames = new ArrayList<>();
            JavaCaptureReader.read(file, collect(frames), null);
            assertThat(frames).hasSizeGreaterThan(40);

            Run run = new Run();
            run.replay.begin("fuzz", framing.linkType().number);
            long[] ts = {1_793_000_000L * SECOND};
            mutator.run(frames, n, frame -> run.replay.packet(ts[0] += 3 * MS, frame, 0, frame.length, frame.length));
            run.table.flush("end_of_input");

            assertThat(run.stats.frames.get()).isEqualTo(n);
            assertThat(run.records).isNotEmpty();
            run.assertAllValid();
        }
    }

    @Test
    void mutatedCaptureFilesAreReadOrTheirDamageReportedByBothReaders() throws Exception {
        Mutator mutator = new Mutator(12);
        List<byte[]> files = new ArrayList<>();
        for (LinkType link : LinkType.values()) {
            for (boolean pcapng : new boolean[] {false, true}) {
                Path f = dir.resolve("seed-" + link + pcapng + ".cap");
                seeds().write(f, new Framing(link, 0), !pcapng, pcapng);
                files.add(Files.readAllBytes(f));
            }
        }
        int n = Mutator.iterations(4000) / 10;
        Path target = dir.resolve("mutant.cap");
        int[] outcomes = new int[3]; // whole, damaged, refused
        for (CaptureReplay.Reader reader : CaptureReplay.Reader.values()) {
            Run run = new Run();
            mutator.run(files, n, bytes -> {
                try {
                    Files.write(target, bytes);
                    var r = reader == CaptureReplay.Reader.JAVA ? JavaCaptureReader.read(target, run.replay, null)
                            : PcapFileReader.read(target, run.replay, null);
                    outcomes[r.whole() ? 0 : 1]++;
                    if (!r.whole()) assertThat(r.damage()).startsWith(target.toString()).doesNotContain("\n");
                } catch (CaptureInputException refused) {
                    outcomes[2]++;
                    assertThat(refused.getMessage()).contains(target.toString()).doesNotContain("\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            run.table.flush("end_of_input");
            run.assertAllValid();
        }
        // The mutations reach all three outcomes, or the test is not testing what it says.
        assertThat(Arrays.stream(outcomes).boxed()).as("whole, damaged, refused").allMatch(count -> count > 0);
    }

    @Test
    void mutatedApplicationPayloadsAreParsedOrRefused() {
        List<byte[]> payloads = List.of(
                DnsMessages.query(1, "a.b.example.org", DnsMessages.A),
                DnsMessages.response(2, "mail.example.org", DnsMessages.MX, DnsMessages.NOERROR, new byte[] {0, 10, 0xc, 0}),
                DnsMessages.overTcp(DnsMessages.query(3, "x.example.net", DnsMessages.TXT)),
                TlsMessages.clientHello("portal.example.org", TlsMessages.TLS13),
                TlsMessages.serverHello(TlsMessages.TLS11),
                "USER admin\r\nPASS secret\r\n".getBytes(),
                "a001 LOGIN admin secret\r\n".getBytes(),
                "GET / HTTP/1.1\r\nAuthorization: Basic YWRtaW46c2VjcmV0\r\n\r\n".getBytes(),
                "AUTH PLAIN AGFkbWluAHNlY3JldA==\r\n".getBytes());
        int n = Mutator.iterations(4000) * 5;
        int[] parsed = new int[2];
        new Mutator(13).run(payloads, n, p -> {
            // Offsets inside a bigger buffer, as the decoder hands them over.
            byte[] buf = new byte[p.length + 8];
            Arrays.fill(buf, (byte) 0x41);
            System.arraycopy(p, 0, buf, 5, p.length);
            DnsParser.Message m = DnsParser.parse(buf, 5, p.length);
            if (m != null) {
                parsed[0]++;
                assertThat(m.name().length()).isLessThanOrEqualTo(253);
                DnsParser.qtypeName(m.qtype());
                DnsParser.rcodeName(m.rcode());
            }
            DnsParser.looksLikeDns(buf, 5, p.length);
            TlsParser.Hello h = TlsParser.parse(buf, 5, p.length);
            if (h != null) {
                parsed[1]++;
                TlsParser.name(h.version());
            }
            for (String app : CleartextLogins.WATCHED) CleartextLogins.find(app, buf, 5, p.length);
            for (boolean tcp : new boolean[] {true, false}) {
                AppClassifier.classify(buf, 5, p.length, true, tcp, 53);
                AppClassifier.classify(buf, 5, p.length, false, tcp, 443);
            }
        });
        assertThat(Arrays.stream(parsed).boxed()).as("DNS, TLS parsed").allMatch(count -> count > n / 50);
    }

    /** A collector pipeline with nothing behind it but a list. */
    static final class Run {
        final List<FlowRecord> records = new ArrayList<>();
        final CaptureStats stats = new CaptureStats();
        final FlowTable table = new FlowTable(FlowTableConfig.defaults(),
                new FlowRecordFactory("fuzz", "c1", CidrSet.of(List.of("10.0.0.0/8", "fd00::/8")), AddressMapper.IDENTITY),
                records::add, new FlowStats());
        final CaptureReplay replay = new CaptureReplay(table, stats);

        void assertAllValid() {
            JsonSerde<FlowRecord> serde = JsonSerde.flows();
            for (FlowRecord r : records) {
                assertThat(r.problems()).as("%s", r).isEmpty();
                assertThat(serde.deserialize("flows", serde.serialize("flows", r))).isNotNull();
            }
        }
    }

    private static PacketListener collect(List<byte[]> frames) {
        return new PacketListener() {
            @Override
            public void begin(String source, int linkType) {}

            @Override
            public void packet(long tsNanos, byte[] buf, int offset, int caplen, int origLen) {
                frames.add(Arrays.copyOfRange(buf, offset, offset + caplen));
            }
        };
    }
}
