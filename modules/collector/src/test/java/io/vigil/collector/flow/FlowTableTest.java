package io.vigil.collector.flow;

import static io.vigil.simulator.Traffic.MS;
import static io.vigil.simulator.Traffic.SECOND;
import static io.vigil.simulator.Traffic.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.collector.Replays;
import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import io.vigil.model.Json;
import io.vigil.simulator.Traffic;
import io.vigil.simulator.packet.DnsMessages;
import io.vigil.simulator.packet.Framing;
import io.vigil.simulator.packet.IpPackets;
import io.vigil.simulator.packet.TlsMessages;
import io.vigil.runtime.pcap.LinkType;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FlowTableTest {

    static final long T0 = 1_793_000_000L * SECOND;
    static final InetAddress CLIENT = ip("10.1.2.3");
    static final InetAddress SERVER = ip("198.51.100.7");

    @TempDir
    Path dir;

    @Test
    void aCompleteSessionIsOneEstablishedFlowWithExactCountsBothWays() throws Exception {
        // given a client fetching 5000 bytes over HTTP
        Traffic t = new Traffic(1);
        t.httpSession(T0, CLIENT, 40000, SERVER, 80, "/", 5000, 10 * MS);

        // when
        List<FlowRecord> flows = Replays.flows(t, dir);

        // then: one flow, initiator = client, counted at the IP layer
        assertThat(flows).hasSize(1);
        FlowRecord f = flows.get(0);
        assertThat(f.srcIp()).isEqualTo("10.1.2.3");
        assertThat(f.srcPort()).isEqualTo(40000);
        assertThat(f.dstIp()).isEqualTo("198.51.100.7");
        assertThat(f.dstPort()).isEqualTo(80);
        assertThat(f.proto()).isEqualTo("tcp");
        assertThat(f.tcpState()).isEqualTo("established");
        assertThat(f.endReason()).isEqualTo("fin");
        assertThat(f.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(f.appProto()).isEqualTo("http");
        // 4 segments of response: 1448*3 + 656; each with a 40-byte IP+TCP header.
        assertThat(f.packetsIn()).isEqualTo(1 + 4 + 1); // SYN+ACK, data, FIN
        assertThat(f.bytesIn()).isEqualTo(40 + (5000 + 4 * 40) + 40);
        long request = ("GET / HTTP/1.1\r\nHost: 198.51.100.7\r\n\r\n").length();
        // SYN, ACK, request, 2 data ACKs, FIN, last ACK
        assertThat(f.packetsOut()).isEqualTo(7);
        assertThat(f.bytesOut()).isEqualTo(7 * 40 + request);
        assertThat(f.tcpFlagsOut() & FlowRecord.SYN).isNotZero();
        assertThat(f.tcpFlagsIn() & (FlowRecord.SYN | FlowRecord.ACK | FlowRecord.FIN)).isEqualTo(0x13);
        assertThat(f.start()).isEqualTo(T0 / MS);
        assertThat(f.end()).isGreaterThan(f.start());
    }

    @Test
    void syncStatesRejectedUnansweredAndHalfOpen() throws Exception {
        Traffic t = new Traffic(2);
        t.tcpRejected(T0, SERVER, 50000, CLIENT, 23, MS);
        t.tcpUnanswered(T0, SERVER, 50001, CLIENT, 24);
        t.tcpHalfOpen(T0, SERVER, 50002, CLIENT, 22, 2 * MS);

        List<FlowRecord> flows = Replays.flows(t, dir);

        assertThat(flows).extracting(FlowRecord::dstPort, FlowRecord::tcpState, FlowRecord::direction)
                .containsExactlyInAnyOrder(
                        Tuple.tuple(23, "rejected", Direction.INBOUND),
                        Tuple.tuple(24, "unanswered", Direction.INBOUND),
                        Tuple.tuple(22, "partial", Direction.INBOUND));
        assertThat(flows).allSatisfy(f -> assertThat(f.srcIp()).isEqualTo("198.51.100.7"));
    }

    @Test
    void anUnansweredSynEndsAtTheHandshakeTimeoutWhileTrafficGoesOn() throws Exception {
        // given a SYN nobody answers, then 20 s of unrelated traffic
        Traffic t = new Traffic(3);
        t.tcpUnanswered(T0, SERVER, 50001, CLIENT, 24);
        for (int i = 1; i <= 20; i++) t.ping(T0 + i * SECOND, CLIENT, ip("10.9.9.9"), i, MS);

        List<FlowRecord> flows = Replays.flows(t, dir);

        FlowRecord syn = flows.stream().filter(f -> f.dstPort() == 24).findFirst().orElseThrow();
        assertThat(syn.endReason()).isEqualTo("idle");
        // exported before the end of input, i.e. by the 5 s handshake timeout
        assertThat(flows.indexOf(syn)).isLessThan(flows.size() - 1);
        FlowRecord ping = flows.stream().filter(f -> f.proto().equals("icmp")).findFirst().orElseThrow();
        assertThat(ping.packetsOut()).isEqualTo(20);
        assertThat(ping.packetsIn()).isEqualTo(20);
        assertThat(ping.dstPort()).isEqualTo(8 << 8); // echo request, NetFlow-style type<<8|code
        assertThat(ping.endReason()).isEqualTo("end_of_input");
    }

    @Test
    void pingRepliesAreTheRequestsOwnDataSoAPingFlowHasNoOddReplies() throws Exception {
        Traffic t = new Traffic(31);
        for (int i = 1; i <= 20; i++) t.ping(T0 + i * SECOND, CLIENT, SERVER, i, MS);

        FlowRecord ping = Replays.flows(t, dir).get(0);

        assertThat(ping.icmp()).isEqualTo(new FlowRecord.IcmpFacts(1, 0, 0, 0));
    }

    @Test
    void aTunnelsEchoRepliesAreCountedUnpairedMismatchedAndItsRequestsChanged() throws Exception {
        // given what ptunnel does: requests carrying data, the peer's kernel echoing them, and the
        // tunnel's own replies — some with sequence numbers never asked, some answering with other data
        Traffic t = new Traffic(32);
        long at = T0;
        for (int seq = 0; seq < 6; seq++, at += 10 * MS) {
            byte[] sent = data(100 + seq * 10, seq);
            t.add(at, IpPackets.echo(CLIENT, SERVER, false, 7, seq, sent));
            t.add(at + MS, IpPackets.echo(SERVER, CLIENT, true, 7, seq, sent)); // the kernel's echo
        }
        for (int seq = 100; seq < 110; seq++, at += 10 * MS) {
            t.add(at, IpPackets.echo(SERVER, CLIENT, true, 7, seq, data(1000, seq))); // asked by nobody
        }
        t.add(at, IpPackets.echo(CLIENT, SERVER, false, 7, 200, data(64, 1)));
        t.add(at + MS, IpPackets.echo(SERVER, CLIENT, true, 7, 200, data(64, 2))); // other data than asked

        FlowRecord f = Replays.flows(t, dir).get(0);

        // sizes: six requests of different sizes, the 1000-byte and the 64-byte messages
        // changed: 6 requests, and 16 replies (the kernel's echoes change as the requests do, then the tunnel's own)
        assertThat(f.icmp()).isEqualTo(new FlowRecord.IcmpFacts(8, 10, 1, 22));
        assertThat(f.packetsOut()).isEqualTo(7);
        assertThat(f.packetsIn()).isEqualTo(17);
    }

    /** {@code n} bytes that differ with {@code seed} past the first 16 (where ping keeps its clock). */
    private static byte[] data(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed * 7);
        return b;
    }

    @Test
    void aLongLivedConnectionIsExportedWithinSecondsOfItsHandshakeAndItsLaterPiecesSayWhenItBegan() throws Exception {
        // given a TLS 1.0 connection that stays open for 90 s with a small exchange every 5 s
        Traffic t = new Traffic(33);
        long at = T0, cs = 1000, ss = 5000;
        t.add(at, IpPackets.tcp(CLIENT, 40100, SERVER, 443, cs, 0, Traffic.SYN, new byte[0]));
        t.add(at + MS, IpPackets.tcp(SERVER, 443, CLIENT, 40100, ss, cs + 1, Traffic.SYN | Traffic.ACK, new byte[0]));
        t.add(at + 2 * MS, IpPackets.tcp(CLIENT, 40100, SERVER, 443, ++cs, ++ss, Traffic.ACK, new byte[0]));
        byte[] hello = TlsMessages.clientHello("old.example", TlsMessages.TLS10);
        t.add(at + 3 * MS, IpPackets.tcp(CLIENT, 40100, SERVER, 443, cs, ss, Traffic.PSH | Traffic.ACK, hello));
        cs += hello.length;
        byte[] answer = TlsMessages.serverHello(TlsMessages.TLS10);
        t.add(at + 4 * MS, IpPackets.tcp(SERVER, 443, CLIENT, 40100, ss, cs, Traffic.PSH | Traffic.ACK, answer));
        ss += answer.length;
        for (at = T0 + 5 * SECOND; at < T0 + 90 * SECOND; at += 5 * SECOND) {
            t.add(at, IpPackets.tcp(CLIENT, 40100, SERVER, 443, cs, ss, Traffic.PSH | Traffic.ACK, new byte[40]));
            cs += 40;
            t.add(at + MS, IpPackets.tcp(SERVER, 443, CLIENT, 40100, ss, cs, Traffic.ACK, new byte[0]));
        }

        List<FlowRecord> flows = Replays.flows(t, dir);

        // then the first piece goes out at the first sweep 2 s after the hellos, with the version
        FlowRecord first = flows.get(0);
        assertThat(first.seq()).isZero();
        assertThat(first.endReason()).isEqualTo("active");
        assertThat(first.tlsVersion()).isEqualTo("1.0");
        assertThat(first.serverName()).isEqualTo("old.example");
        assertThat(first.end() - T0 / MS).isLessThan(10);
        assertThat(first.flowStart()).isNull();
        // and the pieces after it carry the flow's start
        assertThat(flows.subList(1, flows.size())).isNotEmpty().allSatisfy(f -> {
            assertThat(f.flowStart()).isEqualTo(T0 / MS);
            assertThat(f.began()).isEqualTo(T0 / MS);
            assertThat(f.problems()).isEmpty();
        });
        assertThat(flows.stream().mapToLong(FlowRecord::packets).sum()).isEqualTo(5 + 2 * 17);
    }

    @Test
    void checkInsInsideOneKeptAliveConnectionAreListedAsBurstsWithTheirTimesAndSizes() throws Exception {
        // given one connection kept open for three minutes, with a check-in (request, answer) every 20 s
        Traffic t = new Traffic(35);
        long cs = 1, ss = 1;
        t.add(T0, IpPackets.tcp(CLIENT, 40300, SERVER, 8080, cs, 0, Traffic.SYN, new byte[0]));
        t.add(T0 + MS, IpPackets.tcp(SERVER, 8080, CLIENT, 40300, ss, cs + 1, Traffic.SYN | Traffic.ACK, new byte[0]));
        t.add(T0 + 2 * MS, IpPackets.tcp(CLIENT, 40300, SERVER, 8080, ++cs, ++ss, Traffic.ACK, new byte[0]));
        for (int i = 1; i <= 9; i++) {
            long at = T0 + i * 20 * SECOND;
            t.add(at, IpPackets.tcp(CLIENT, 40300, SERVER, 8080, cs, ss, Traffic.PSH | Traffic.ACK, new byte[200]));
            cs += 200;
            t.add(at + 5 * MS, IpPackets.tcp(SERVER, 8080, CLIENT, 40300, ss, cs, Traffic.PSH | Traffic.ACK, new byte[500]));
            ss += 500;
        }

        List<FlowRecord> flows = Replays.flows(t, dir);

        // then every check-in is a burst of 240 + 540 bytes, at its time within its piece
        assertThat(flows.stream().mapToInt(f -> f.bursts() == null ? 0 : f.bursts().count()).sum()).isEqualTo(9);
        List<Long> times = new ArrayList<>();
        for (FlowRecord f : flows) {
            if (f.bursts() == null) continue;
            assertThat(f.bursts().bytes()).allSatisfy(b -> assertThat(b).isEqualTo(240 + 540));
            for (int at : f.bursts().at()) times.add(f.start() + at);
        }
        for (int i = 0; i < times.size(); i++) assertThat(times.get(i)).isEqualTo(T0 / MS + (i + 1) * 20_000L);
    }

    @Test
    void checkInsOnOneUdpSocketAsQuicWouldCarryThemAreBurstsToo() throws Exception {
        // given one UDP conversation on port 443 (QUIC's) with an exchange every 20 s for two minutes
        Traffic t = new Traffic(36);
        for (int i = 0; i <= 6; i++) {
            t.udpExchange(T0 + i * 20 * SECOND, CLIENT, 50443, SERVER, 443, new byte[1200], new byte[300], 10 * MS);
        }

        List<FlowRecord> flows = Replays.flows(t, dir);

        // then it is one flow, and each exchange after the first is a burst of both datagrams
        assertThat(flows).allSatisfy(f -> assertThat(f.proto()).isEqualTo("udp"));
        assertThat(flows.stream().mapToInt(f -> f.bursts() == null ? 0 : f.bursts().count()).sum()).isEqualTo(6);
        assertThat(flows.stream().filter(f -> f.bursts() != null).flatMap(f -> f.bursts().bytes().stream()))
                .allSatisfy(b -> assertThat(b).isEqualTo(1228 + 328));
    }

    @Test
    void anAnsweredLookupEndsTwoSecondsAfterItsAnswerAsOneIdleRecord() throws Exception {
        Traffic t = new Traffic(37);
        t.dnsLookup(T0, CLIENT, ip("198.51.100.53"), "portal.example", DnsMessages.A, DnsMessages.NOERROR, 5 * MS);
        // traffic goes on elsewhere: the table's clock moves past the lookup's answer
        for (int i = 1; i <= 5; i++) t.ping(T0 + i * SECOND, CLIENT, SERVER, i, MS);

        List<FlowRecord> flows = Replays.flows(t, dir);

        FlowRecord lookup = flows.get(0);
        assertThat(lookup.appProto()).isEqualTo("dns");
        assertThat(lookup.endReason()).isEqualTo("idle");
        assertThat(lookup.seq()).isZero();
        assertThat(flows).filteredOn(f -> "dns".equals(f.appProto())).hasSize(1);
    }

    @Test
    void aShortTlsSessionIsStillOneRecord() throws Exception {
        Traffic t = new Traffic(34);
        t.tlsSession(T0, CLIENT, 40200, SERVER, 443, "short.example", TlsMessages.TLS12, 30_000, 20 * MS);

        assertThat(Replays.flows(t, dir)).singleElement().satisfies(f -> {
            assertThat(f.endReason()).isEqualTo("fin");
            assertThat(f.flowStart()).isNull();
        });
    }

    @Test
    void aNewSynOnAFinishedFiveTupleStartsANewFlow() throws Exception {
        Traffic t = new Traffic(4);
        long end = t.httpSession(T0, CLIENT, 40000, SERVER, 80, "/a", 100, MS);
        t.httpSession(end + 500 * MS, CLIENT, 40000, SERVER, 80, "/b", 100, MS);

        List<FlowRecord> flows = Replays.flows(t, dir);

        assertThat(flows).hasSize(2);
        assertThat(flows).allSatisfy(f -> assertThat(f.tcpState()).isEqualTo("established"));
        assertThat(flows.get(0).flowId()).isNotEqualTo(flows.get(1).flowId());
    }

    @Test
    void aLongFlowIsExportedInPiecesThatSumToItsTotals() throws Exception {
        // given one UDP stream: a datagram every second for 150 s
        Traffic t = new Traffic(5);
        for (int i = 0; i < 150; i++) {
            t.add(T0 + i * SECOND, IpPackets.udp(CLIENT, 5000, SERVER, 6000, new byte[100]));
        }

        List<FlowRecord> flows = Replays.flows(t, dir);

        assertThat(flows).hasSize(3);
        assertThat(flows).extracting(FlowRecord::endReason).containsExactly("active", "active", "end_of_input");
        assertThat(flows).extracting(FlowRecord::seq).containsExactly(0, 1, 2);
        assertThat(flows.stream().map(FlowRecord::flowId).distinct()).hasSize(1);
        assertThat(flows.stream().mapToLong(FlowRecord::packetsOut).sum()).isEqualTo(150);
        assertThat(flows.stream().mapToLong(FlowRecord::bytesOut).sum()).isEqualTo(150L * (20 + 8 + 100));
        assertThat(flows.get(0).end() - flows.get(0).start()).isLessThan(60_000);
    }

    @Test
    void whenTheTableIsFullTheOldestFlowIsEvictedAndCounted() throws Exception {
        Traffic t = new Traffic(6);
        for (int i = 0; i < 10; i++) {
            t.add(T0 + i * MS, IpPackets.udp(CLIENT, 1000 + i, SERVER, 53, new byte[20]));
        }
        List<FlowRecord> flows = Replays.flows(t, dir, new Framing(LinkType.ETHERNET, 0), false, false,
                FlowTableConfig.defaults().withMaxFlows(4));

        assertThat(flows).hasSize(10);
        assertThat(flows.stream().filter(f -> f.endReason().equals("evicted"))).hasSize(6);
        assertThat(flows.get(0).srcPort()).isEqualTo(1000);
    }

    @Test
    void dnsFactsCarryNamesTypesAndAnswerCodes() throws Exception {
        Traffic t = new Traffic(7);
        t.dnsLookup(T0, CLIENT, ip("10.0.0.53"), "www.Example.org", DnsMessages.A, DnsMessages.NOERROR, MS);
        t.dnsLookup(T0 + SECOND, CLIENT, ip("10.0.0.53"), "nope.example.org", DnsMessages.AAAA, DnsMessages.NXDOMAIN, MS);

        List<FlowRecord> flows = Replays.flows(t, dir);

        assertThat(flows).hasSize(2);
        assertThat(flows).allSatisfy(f -> assertThat(f.appProto()).isEqualTo("dns"));
        assertThat(flows).flatExtracting(f -> f.dns().queries()).containsExactlyInAnyOrder(
                new FlowRecord.DnsQuery("www.example.org", "A", "NOERROR"),
                new FlowRecord.DnsQuery("nope.example.org", "AAAA", "NXDOMAIN"));
        assertThat(flows).allSatisfy(f -> assertThat(f.dns().queryCount()).isEqualTo(1));
    }

    @Test
    void aTunnelOnOneSocketIsMeasuredWholeInEachTenSecondPiece() throws Exception {
        // given one UDP socket asking 600 distinct long TXT names over 30 s (dnscat2's shape)
        Traffic t = new Traffic(17);
        InetAddress resolver = ip("198.51.100.53");
        int answers = 0;
        for (int i = 0; i < 600; i++) {
            String name = String.format("%040x%020x.%d.tunnel.example", i * 7919L, i * 104729L, i) ;
            long at = T0 + i * 50 * MS;
            byte[] q = DnsMessages.query(i, name, DnsMessages.TXT);
            byte[] r = DnsMessages.response(i, name, DnsMessages.TXT, DnsMessages.NOERROR, new byte[] {4, 'd', 'a', 't', 'a'});
            t.udpExchange(at, CLIENT, 53535, resolver, 53, q, r, MS);
            answers++;
        }

        // when the collector exports it: a first piece 2 s after the first answer (a deciding fact),
        // then ten-second pieces (a DNS socket's active timeout)
        List<FlowRecord> flows = Replays.flows(t, dir);

        // then each piece carries its own facts, and the counters add up to the whole socket
        assertThat(flows).hasSize(4);
        assertThat(flows.get(0).end() - T0 / MS).isBetween(2_000L, 3_000L);
        assertThat(flows.stream().mapToInt(f -> f.dns().distinctNames()).sum()).isEqualTo(600);
        assertThat(flows.stream().mapToInt(f -> f.dns().queryCount()).sum()).isEqualTo(600);
        assertThat(flows.stream().mapToInt(f -> f.dns().responseCount()).sum()).isEqualTo(answers);
        assertThat(flows.get(1).dns().queries()).as("the second piece starts afresh")
                .allSatisfy(q -> assertThat(flows.get(0).dns().queries()).doesNotContain(q));
        for (FlowRecord f : flows) {
            assertThat(f.dns().queries()).hasSizeLessThanOrEqualTo(FlowRecord.MAX_DNS_NAMES)
                    .hasSize(Math.min(f.dns().distinctNames(), FlowRecord.MAX_DNS_NAMES));
            assertThat(f.dns().qtypes()).containsOnlyKeys("TXT");
            assertThat(f.dns().qtypes().get("TXT")).isEqualTo(f.dns().queryCount());
            assertThat(f.dns().longestLabel()).isEqualTo(60);
            assertThat(f.dns().nameBytes()).isGreaterThan(70L * f.dns().queryCount());
            assertThat(f.dns().maxAnswerBytes()).isPositive();
            assertThat(f.dns().answerBytes()).isBetween((long) f.dns().responseCount() * 100,
                    (long) f.dns().maxAnswerBytes() * f.dns().responseCount());
        }
        assertThat(flows.get(1).dns().queries()).as("a ten-second piece lists up to the bound").hasSize(FlowRecord.MAX_DNS_NAMES);
    }

    @Test
    void aLoginSentReadableIsNamedButNeverKept() throws Exception {
        Traffic t = new Traffic(18);
        t.tcpSession(T0, CLIENT, 40100, SERVER, 21, "USER nurse\r\nPASS s3cret\r\n".getBytes(), "230 ok\r\n".getBytes(), 9, MS);
        t.tcpSession(T0 + SECOND, CLIENT, 40101, SERVER, 8080,
                "GET /admin HTTP/1.1\r\nHost: x\r\nAuthorization: Basic bnVyc2U6czNjcmV0\r\n\r\n".getBytes(),
                "HTTP/1.1 200 OK\r\n".getBytes(), 100, MS);
        t.tcpSession(T0 + 2 * SECOND, CLIENT, 40102, SERVER, 143, "a1 LOGIN nurse s3cret\r\n".getBytes(),
                "* OK".getBytes(), 20, MS);
        t.httpSession(T0 + 3 * SECOND, CLIENT, 40103, SERVER, 80, "/", 500, MS);
        t.tlsSession(T0 + 4 * SECOND, CLIENT, 40104, SERVER, 443, "a.example", TlsMessages.TLS13, 2000, MS);

        List<FlowRecord> flows = Replays.flows(t, dir);

        assertThat(flows).extracting(FlowRecord::dstPort, FlowRecord::cleartextLogin).containsExactlyInAnyOrder(
                Tuple.tuple(21, "ftp PASS"), Tuple.tuple(8080, "http Basic"),
                Tuple.tuple(143, "imap LOGIN"), Tuple.tuple(80, null),
                Tuple.tuple(443, null));
        assertThat(flows).allSatisfy(f -> assertThat(Json.write(f)).doesNotContain("s3cret"));
    }

    @Test
    void dnsOverTcpIsParsedToo() throws Exception {
        Traffic t = new Traffic(8);
        t.tcpSession(T0, CLIENT, 40001, ip("10.0.0.53"), 53,
                DnsMessages.overTcp(DnsMessages.query(7, "zone.example.org", DnsMessages.TXT)),
                DnsMessages.overTcp(DnsMessages.response(7, "zone.example.org", DnsMessages.TXT, DnsMessages.NOERROR, new byte[] {3, 'a', 'b', 'c'})),
                80, MS);

        FlowRecord f = Replays.flows(t, dir).get(0);

        assertThat(f.appProto()).isEqualTo("dns");
        assertThat(f.dns().queries()).containsExactly(new FlowRecord.DnsQuery("zone.example.org", "TXT", "NOERROR"));
    }

    @Test
    void tlsVersionComesFromTheServerHelloIncludingSupportedVersions() throws Exception {
        Traffic t = new Traffic(9);
        t.tlsSession(T0, CLIENT, 40010, SERVER, 443, "a.example", TlsMessages.TLS13, 2000, MS);
        t.tlsSession(T0, CLIENT, 40011, SERVER, 8443, "b.example", TlsMessages.TLS12, 2000, MS);
        t.tlsSession(T0, CLIENT, 40012, SERVER, 4433, "c.example", TlsMessages.TLS10, 2000, MS);

        List<FlowRecord> flows = Replays.flows(t, dir);

        assertThat(flows).extracting(FlowRecord::dstPort, FlowRecord::tlsVersion, FlowRecord::appProto)
                .containsExactlyInAnyOrder(
                        Tuple.tuple(443, "1.3", "tls"),
                        Tuple.tuple(8443, "1.2", "tls"),
                        Tuple.tuple(4433, "1.0", "tls"));
    }

    @Test
    void sshOnANonStandardPortIsNamedByItsBytes() throws Exception {
        Traffic t = new Traffic(10);
        t.tcpSession(T0, CLIENT, 40020, SERVER, 2222, "SSH-2.0-OpenSSH_9.2\r\n".getBytes(),
                "SSH-2.0-OpenSSH_9.6\r\n".getBytes(), 500, MS);

        assertThat(Replays.flows(t, dir).get(0).appProto()).isEqualTo("ssh");
    }

    @ParameterizedTest
    @EnumSource(LinkType.class)
    void everyLinkTypeAndIpv6GiveTheSameFlows(LinkType linkType) throws Exception {
        Traffic t = new Traffic(11);
        t.httpSession(T0, ip("fd00::10"), 40000, ip("2001:db8::80"), 80, "/", 3000, MS);
        t.httpSession(T0, CLIENT, 40001, SERVER, 80, "/", 3000, MS);

        List<FlowRecord> flows = Replays.flows(t, dir, new Framing(linkType, 0), true, true,
                FlowTableConfig.defaults());

        assertThat(flows).hasSize(2);
        FlowRecord v6 = flows.stream().filter(f -> f.srcIp().contains(":")).findFirst().orElseThrow();
        assertThat(v6.srcIp()).isEqualTo("fd00::10");
        assertThat(v6.dstIp()).isEqualTo("2001:db8::80");
        assertThat(v6.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(v6.tcpState()).isEqualTo("established");
        FlowRecord v4 = flows.stream().filter(f -> !f.srcIp().contains(":")).findFirst().orElseThrow();
        // IPv6 headers are 20 bytes longer than IPv4 ones, packet for packet.
        assertThat(v6.bytesIn() - v4.bytesIn()).isEqualTo(20 * v4.packetsIn());
    }

    @Test
    void vlanTaggedFramesAreDecoded() throws Exception {
        Traffic t = new Traffic(12);
        t.httpSession(T0, CLIENT, 40000, SERVER, 80, "/", 1000, MS);

        List<FlowRecord> flows = Replays.flows(t, dir, new Framing(LinkType.ETHERNET, 42), false, false,
                FlowTableConfig.defaults());

        assertThat(flows).singleElement().satisfies(f -> assertThat(f.tcpState()).isEqualTo("established"));
    }

    @Test
    void theSameCaptureGivesTheSameFlowIds() throws Exception {
        Traffic t = new Traffic(13);
        t.httpSession(T0, CLIENT, 40000, SERVER, 80, "/", 1000, MS);
        List<FlowRecord> a = Replays.flows(t, dir);
        List<FlowRecord> b = Replays.flows(t, dir);
        assertThat(a).extracting(FlowRecord::flowId).isEqualTo(b.stream().map(FlowRecord::flowId).toList());
    }

    @Test
    void shorterActiveTimeoutGivesMorePieces() throws Exception {
        Traffic t = new Traffic(14);
        for (int i = 0; i < 30; i++) t.add(T0 + i * SECOND, IpPackets.udp(CLIENT, 5000, SERVER, 6000, new byte[10]));
        List<FlowRecord> flows = Replays.flows(t, dir, new Framing(LinkType.ETHERNET, 0), false, false,
                FlowTableConfig.defaults().withActiveTimeout(Duration.ofSeconds(10)));
        assertThat(flows).hasSize(3);
    }
}
