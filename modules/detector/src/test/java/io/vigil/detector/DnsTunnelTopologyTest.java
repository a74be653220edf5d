package io.vigil.detector;

import io.vigil.detector.host.DnsTunnelDetector;
import io.vigil.detector.spi.Thresholds;
import static io.vigil.testkit.Flows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Attack;
import io.vigil.model.Severity;
import io.vigil.testkit.Flows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dns_tunnel: per registered domain through a resolver, and per server in direct mode; ordinary names stay quiet. */
class DnsTunnelTopologyTest {

    static final String WS = "10.10.2.55";
    static final String RESOLVER = "10.10.0.53";
    static final String BASE32 = "abcdefghijklmnopqrstuvwxyz012345";

    @TempDir
    Path state;

    static String random(Random r, String alphabet, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return b.toString();
    }

    @Test
    void iodinesBase32NamesThroughTheResolverAreATunnelThoughTheirEntropyIsLow() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            Random r = new Random(1);
            for (int i = 0; i < 200; i++) {
                String name = random(r, BASE32, 50) + "." + random(r, BASE32, 40) + ".t.tun-example.org";
                h.send(Flows.dns(WS, RESOLVER, T0 + i * 250L, "NULL", List.of(name), 1));
            }
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AlertType.DNS_TUNNEL);
                assertThat(a.severity()).isIn(Severity.HIGH, Severity.CRITICAL);
                assertThat(a.src()).isEqualTo(WS);
                assertThat(a.dst()).isEqualTo("tun-example.org");
                assertThat(((Number) a.evidence().get("encoded_share")).doubleValue()).isGreaterThan(0.9);
                assertThat(((Number) a.evidence().get("tunnel_type_share")).doubleValue()).isEqualTo(1.0);
                assertThat(a.attack()).containsExactly(Attack.DNS, Attack.PROTOCOL_TUNNELING);
            });
        }
    }

    @Test
    void oneSocketAskingMoreNamesThanItsRecordListsIsCountedWhole() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            Random r = new Random(2);
            // dnscat2 through the resolver: a piece lists 20 of the 400 names it asked
            List<String> listed = new ArrayList<>();
            for (int i = 0; i < 20; i++) listed.add(random(r, "0123456789abcdef", 60) + ".c.dnscat-example.com");
            h.send(Flows.dns(WS, RESOLVER, T0, "TXT", listed, 400));
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes()).singleElement().satisfies(a ->
                    assertThat(((Number) a.evidence().get("unique_subdomains")).longValue()).isEqualTo(400));
        }
    }

    @Test
    void dnscatInDirectModeToAServerNoOtherHostAsksIsATunnel() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            Random r = new Random(3);
            for (int i = 0; i < 10; i++) {
                List<String> names = new ArrayList<>();
                for (int n = 0; n < 10; n++) names.add("dnscat." + random(r, "0123456789abcdef", 63) + "." + random(r, "0123456789abcdef", 40));
                h.send(Flows.dns(WS, "203.0.113.53", T0 + i * 2000L, "TXT", names, 10));
            }
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AlertType.DNS_TUNNEL);
                assertThat(a.dst()).isEqualTo("203.0.113.53");
                assertThat(a.evidence()).containsEntry("mode", "direct");
                assertThat(a.summary()).contains("straight of 203.0.113.53");
            });
        }
    }

    @Test
    void ordinaryLookupsReverseLookupsAndCdnNamesStayQuiet() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            Random r = new Random(4);
            String[] words = {"mail", "portal", "static", "images", "login", "api", "updates", "news", "video", "cdn"};
            for (int i = 0; i < 400; i++) {
                long at = T0 + i * 700L;
                String name = words[r.nextInt(words.length)] + r.nextInt(60) + "." + words[r.nextInt(words.length)]
                        + ".example-health.org";
                h.send(Flows.dns(WS, RESOLVER, at, i % 2 == 0 ? "A" : "AAAA", List.of(name), 1));
                h.send(Flows.dns("10.10.1.25", RESOLVER, at, "PTR", List.of(r.nextInt(256) + "." + r.nextInt(256) + "."
                        + r.nextInt(256) + "." + r.nextInt(256) + ".in-addr.arpa"), 1));
                // a browser asking a public resolver directly: many names, ordinary ones
                h.send(Flows.dns("10.10.2.60", "198.51.100.8", at, "A", List.of(words[r.nextInt(10)] + i + ".example.com"), 1));
            }
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes()).isEmpty();
        }
    }

    @Test
    void aServerConfiguredAsTheSitesResolverIsNotJudgedInDirectMode() {
        Thresholds d = Detectors.thresholds();
        DnsTunnelDetector.Config c = d.get(DnsTunnelDetector.THRESHOLDS);
        Thresholds own = d.with(DnsTunnelDetector.THRESHOLDS, new DnsTunnelDetector.Config(c.uniqueNames(), c.window(), c.minLength(),
                c.encodedShare(), List.of("203.0.113.53/32"), c.ignore()));
        try (TopologyHarness h = new TopologyHarness(TopologyHarness.withSite(state, "own-resolver", own))) {
            Random r = new Random(5);
            for (String site : List.of("own-resolver", Flows.SITE)) {
                for (int i = 0; i < 10; i++) {
                    List<String> names = new ArrayList<>();
                    for (int n = 0; n < 10; n++) names.add("dnscat." + random(r, "0123456789abcdef", 63));
                    h.send(Flows.dns(WS, "203.0.113.53", T0 + i * 2000L, "TXT", names, 10).toBuilder().site(site).build());
                }
            }
            h.endOfInput(T0 + 3_600_000, "own-resolver", Flows.SITE);

            assertThat(h.episodes()).extracting(Alert::site).containsExactly(Flows.SITE);
        }
    }
}
