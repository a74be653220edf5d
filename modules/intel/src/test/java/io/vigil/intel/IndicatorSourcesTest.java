package io.vigil.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.Indicator;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The published shapes, each with entries that must be skipped: a STIX 2.1 bundle (identity,
 * relationship, a file hash, an AND pattern, a Sigma rule among the network indicators), a MISP
 * event (hashes, a context-only attribute, a damaged value, an object's attributes) and a
 * bulletin's CSV list (header, comment, bad address, bad domain).
 */
class IndicatorSourcesTest {

    static byte[] resource(String name) throws Exception {
        try (InputStream in = IndicatorSourcesTest.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aStixBundlesNetworkIndicatorsAreReadAndTheRestSkippedWithTheirReasons() throws Exception {
        IndicatorSources.Parsed p = IndicatorSources.read("example-cert", resource("stix-bundle.json"));
        assertThat(p.format()).isEqualTo("stix");
        assertThat(p.indicators()).extracting(Indicator::key).containsExactly("ip:198.51.100.7",
                "domain:login-nhs-verify.example", "domain:secure-mail.example", "cidr:203.0.113.0/24",
                "domain:cdn-update.example");
        Indicator c2 = p.indicators().get(0);
        assertThat(c2.confidence()).isEqualTo(85);
        assertThat(c2.validUntil()).isEqualTo(Instant.parse("2027-02-20T09:00:00Z"));
        assertThat(c2.reference()).isEqualTo("https://cert.example/bulletins/2026-117");
        assertThat(c2.attack()).containsExactly("T1071.001");
        assertThat(c2.description()).isEqualTo("C2 server of a ransomware loader");
        assertThat(p.indicators().get(1).confidence()).as("no confidence given").isEqualTo(50);
        assertThat(p.skipped()).hasSize(3);
        assertThat(p.skipped().get(0)).contains("indicator--33333333").contains("no address, domain or URL");
        assertThat(p.skipped().get(1)).contains("indicator--44444444").contains("several observations together");
        assertThat(p.skipped().get(2)).contains("pattern_type sigma is not STIX");
        assertThat(p.indicators()).allSatisfy(i -> assertThat(i.problems()).isEmpty());
    }

    @Test
    void aMispEventsIdsAttributesAreReadWithTheEventsThreatLevelAndTechnique() throws Exception {
        IndicatorSources.Parsed p = IndicatorSources.read("misp-community", resource("misp-event.json"));
        assertThat(p.format()).isEqualTo("misp");
        assertThat(p.indicators()).extracting(Indicator::key).containsExactly("ip:198.51.100.99",
                "domain:invoice-portal.example", "ip:203.0.113.45", "domain:cdn.invoice-portal.example", "ip:2001:db8::bad");
        assertThat(p.indicators()).allSatisfy(i -> {
            assertThat(i.confidence()).as("threat level 1").isEqualTo(90);
            assertThat(i.reference()).isEqualTo("misp:event/5f3a1c2e-7b4d-4e8a-9c1f-2d3e4f5a6b7c");
            assertThat(i.attack()).containsExactly("T1071");
            assertThat(i.validFrom()).isEqualTo(Instant.parse("2026-11-19T00:00:00Z"));
        });
        assertThat(p.indicators().get(0).description()).isEqualTo("C2");
        assertThat(p.indicators().get(1).description()).isEqualTo("Qakbot distribution 2026-11-19");
        assertThat(p.skipped()).hasSize(3).anyMatch(s -> s.contains("90004 (md5): not a network indicator"))
                .anyMatch(s -> s.contains("90005 (ip-src): not marked for detection"))
                .anyMatch(s -> s.contains("90006 (domain): 'not a domain!' is not an address, block, domain or URL"));
    }

    @Test
    void aBulletinsListIsReadLineByLineAndABadLineIsOnlyThatLine() throws Exception {
        IndicatorSources.Parsed p = IndicatorSources.read("carecert", resource("carecert-list.csv"));
        assertThat(p.format()).isEqualTo("csv");
        assertThat(p.indicators()).extracting(Indicator::key).containsExactly("ip:198.51.100.120",
                "domain:malicious-updates.example", "domain:files.example", "cidr:203.0.113.0/25");
        assertThat(p.indicators().get(0).confidence()).isEqualTo(80);
        assertThat(p.indicators().get(0).description()).isEqualTo("RDP brute force source");
        assertThat(p.indicators().get(1).confidence()).isEqualTo(50);
        assertThat(p.skipped()).containsExactly(
                "line 7: '999.1.1.1' is not a CIDR block: bad address '999.1.1.1'",
                "line 8: 'bad-domain' is not an address, block, domain or URL");
    }

    @Test
    void aCsvIsReadByItsColumnNamesInAnyOrderWithQuotedCommas() {
        String csv = """
                type,first_seen,ioc,threat,confidence,expires,mitre
                ip,2026-11-01,192.0.2.44,"Cobalt Strike, team server",90,2027-01-31,"T1071.001, T1573"
                domain,2026-11-01,c2.drop.example,loader,,,
                ip,2026-11-01,"192.0.2.45,unbalanced,70,,
                url,2026-11-01,https://drop.example:8443/x,dropper,high,,
                """;
        IndicatorSources.Parsed p = IndicatorSources.read("feed", csv.getBytes());
        assertThat(p.format()).isEqualTo("csv");
        assertThat(p.indicators()).extracting(Indicator::key).containsExactly("ip:192.0.2.44", "domain:c2.drop.example");
        Indicator first = p.indicators().get(0);
        assertThat(first.description()).isEqualTo("Cobalt Strike, team server");
        assertThat(first.confidence()).isEqualTo(90);
        assertThat(first.validUntil()).isEqualTo(Instant.parse("2027-02-01T00:00:00Z")); // the whole last day
        assertThat(first.attack()).containsExactly("T1071.001", "T1573");
        assertThat(p.indicators().get(1).confidence()).isEqualTo(50);
        assertThat(p.skipped()).hasSize(2);
        assertThat(p.skipped().get(0)).startsWith("line 4: not a CSV row");
        assertThat(p.skipped().get(1)).isEqualTo("line 5: confidence 'high' is not a whole number");
    }

    @Test
    void aPlainListAndJsonOfNoKnownShape() {
        IndicatorSources.Parsed p = IndicatorSources.read("list", "evil.example\n# comment\n\n192.0.2.1 # a C2\n".getBytes());
        assertThat(p.indicators()).extracting(Indicator::key).containsExactly("domain:evil.example", "ip:192.0.2.1");
        assertThatThrownBy(() -> IndicatorSources.read("x", "{\"type\":\"report\"}".getBytes()))
                .hasMessage("JSON that is neither a STIX bundle nor a MISP event");
        assertThatThrownBy(() -> IndicatorSources.read("x", "{\"type\":".getBytes())).hasMessageStartingWith("not valid JSON");
        assertThat(Indicator.of("192.0.2.0/32", "s", 50, null, null, null, null, List.of()).key()).isEqualTo("ip:192.0.2.0");
    }
}
