package io.vigil.detector;

import static io.vigil.testkit.Flows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.AlertType;
import io.vigil.model.Attack;
import io.vigil.model.FlowRecord.IcmpFacts;
import io.vigil.model.Severity;
import io.vigil.testkit.Flows;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * icmp_tunnel: echo replies that are not the requests' own data, or changing data in volume;
 * ping, flood ping, path-MTU probes, random-size traceroutes and reply-only captures are silent.
 */
class IcmpTunnelTopologyTest {

    static final String WS = "10.10.2.20";
    static final String PROXY = "203.0.113.77";

    @TempDir
    Path state;

    @Test
    void ptunnelSessionsToOnePeerAreOneHighEpisodeThatAddsThemUp() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            // three tunnelled TCP sessions, each its own echo id: 2 requests, 60 replies, 58 asked by nobody
            for (int i = 0; i < 3; i++) {
                h.send(Flows.echo(WS, PROXY, T0 + i * 20_000L, 6_000, 2, 190, 60, 58_000, new IcmpFacts(5, 58, 0, 1)));
            }
            h.endOfInput(T0 + 600_000);

            assertThat(h.episodes()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AlertType.ICMP_TUNNEL);
                assertThat(a.severity()).isEqualTo(Severity.HIGH);
                assertThat(a.src()).isEqualTo(WS);
                assertThat(a.targets()).containsExactly(PROXY);
                assertThat(a.attack()).contains(Attack.NON_APPLICATION_LAYER_PROTOCOL);
                assertThat(a.observed()).isEqualTo(174);
                assertThat(a.evidence()).containsEntry("replies", 180).containsEntry("unpaired_replies", 174)
                        .containsEntry("flow_pieces", 3).containsEntry("measure", "odd_replies");
                assertThat(a.summary()).contains("174 of its echo replies").contains("ptunnel").contains(PROXY);
            });
        }
    }

    @Test
    void anIcmpshShellAnswersEveryRequestWithOtherDataAndIsFound() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            // one check-in a second; the master's replies carry its commands, not the request's data
            h.send(Flows.echo(WS, PROXY, T0, 59_000, 60, 60 * 84, 60, 60 * 40, new IcmpFacts(3, 0, 60, 4)));
            h.endOfInput(T0 + 600_000);

            assertThat(h.episodes()).singleElement().satisfies(a ->
                    assertThat(a.evidence()).containsEntry("mismatched_replies", 60));
        }
    }

    @Test
    void dataSentInEchoRequestsThatTheKernelEchoesIsFoundByItsChangingContentInVolume() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            // hping3 --icmp --file: 1000-byte requests of changing data, each echoed unchanged by the peer
            h.send(Flows.echo(WS, PROXY, T0, 30_000, 400, 400 * 1028, 400, 400 * 1028, new IcmpFacts(1, 0, 0, 399)));
            h.endOfInput(T0 + 600_000);

            assertThat(h.episodes()).singleElement().satisfies(a -> {
                assertThat(a.evidence()).containsEntry("measure", "bytes").containsEntry("changed_messages", 399);
                assertThat(a.summary()).contains("changing data");
            });
        }
    }

    @Test
    void aTunnelSeenOnlyOneWayIsFoundByItsChangingDataInVolume() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            // the proxy's replies come back by another route than the requests went: 2 400 replies, no requests
            h.send(Flows.echo(PROXY, WS, T0, 50_000, 2_400, 2_400 * 1_000L, 0, 0, new IcmpFacts(5, 0, 0, 2_399))
                    .toBuilder().src(WS, 0).dst(PROXY, 0).out(0, 0).in(2_400, 2_400 * 1_000L).build());
            h.endOfInput(T0 + 600_000);

            assertThat(h.episodes()).singleElement().satisfies(a ->
                    assertThat(a.evidence()).containsEntry("measure", "bytes").containsEntry("unpaired_replies", 0)
                            .containsEntry("changed_messages", 2399));
        }
    }

    @Test
    void pingsFloodsPathMtuProbesTraceroutesAndReplyOnlyCapturesAreSilent() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            // ping once a second for a minute; a flood ping of 1400-byte packets (constant data)
            h.send(Flows.echo(WS, PROXY, T0, 59_000, 60, 60 * 84, 60, 60 * 84, new IcmpFacts(1, 0, 0, 0)));
            h.send(Flows.echo(WS, "203.0.113.78", T0, 10_000, 5000, 5000 * 1428L, 5000, 5000 * 1428L,
                    new IcmpFacts(1, 0, 0, 0)));
            // path-MTU probes: a few sizes, few packets; mtr with random sizes: many sizes, little data
            h.send(Flows.echo(WS, "203.0.113.79", T0, 3_000, 6, 6000, 4, 4000, new IcmpFacts(6, 0, 0, 5)));
            h.send(Flows.echo(WS, "203.0.113.80", T0, 59_000, 60, 30_000, 60, 30_000, new IcmpFacts(40, 0, 0, 59)));
            // a capture that sees only the replies (requests went another way): nothing to pair them with
            h.send(Flows.echo("203.0.113.81", WS, T0, 59_000, 0, 0, 60, 60 * 84, new IcmpFacts(1, 60, 0, 0))
                    .toBuilder().src(WS, 0).dst("203.0.113.81", 0).out(0, 0).build());
            h.endOfInput(T0 + 600_000);

            assertThat(h.episodes()).isEmpty();
        }
    }
}
