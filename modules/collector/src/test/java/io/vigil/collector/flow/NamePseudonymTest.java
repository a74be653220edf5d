package io.vigil.collector.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.collector.privacy.HmacPseudonymizer;
import io.vigil.model.CidrSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Names that reveal internal hosts leave the agent pseudonymised with the addresses' key: a
 * reverse lookup of an internal address carries that address's own pseudonym, a name in an
 * internal zone hides its host; the internet's names stay, for the analyst.
 */
class NamePseudonymTest {

    final HmacPseudonymizer key = new HmacPseudonymizer("0123456789abcdef0123".getBytes())
            .withInternalZones(List.of("corp.example-trust.nhs.uk", ".ward.local."));
    final FlowRecordFactory factory = new FlowRecordFactory("s", "c", CidrSet.of(List.of("10.0.0.0/8", "fd00::/8")), key);

    @Test
    void aReverseLookupOfAnInternalAddressCarriesThatAddresssPseudonym() {
        String address = key.map(new byte[] {10, 1, 10, 20}, "10.1.10.20", true);
        assertThat(factory.name("20.10.1.10.in-addr.arpa")).isEqualTo(address + ".in-addr.arpa");
        assertThat(factory.name("20.10.1.10.IN-ADDR.ARPA.")).isEqualTo(address + ".in-addr.arpa");
        assertThat(factory.name("7.100.51.198.in-addr.arpa")).as("an external address").isEqualTo("7.100.51.198.in-addr.arpa");
        assertThat(factory.name("10.in-addr.arpa")).as("a zone, not a host").isEqualTo("10.in-addr.arpa");
        assertThat(factory.name("300.1.1.10.in-addr.arpa")).isEqualTo("300.1.1.10.in-addr.arpa");
        byte[] v6 = new byte[16];
        v6[0] = (byte) 0xfd;
        v6[15] = 1;
        String nibbles = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa";
        assertThat(factory.name(nibbles)).isEqualTo(key.map(v6, "fd00::1", true) + ".ip6.arpa");
    }

    @Test
    void aNameInAnInternalZoneHidesItsHostAndKeepsTheZone() {
        String p = factory.name("PACS-01.corp.example-trust.nhs.uk");
        assertThat(p).matches("name-[0-9a-f]{16}\\.corp\\.example-trust\\.nhs\\.uk");
        assertThat(factory.name("pacs-01.corp.example-trust.nhs.uk.")).as("the same host, the same name").isEqualTo(p);
        assertThat(factory.name("pacs-02.corp.example-trust.nhs.uk")).isNotEqualTo(p);
        assertThat(factory.name("nurse-station.ward.local")).matches("name-[0-9a-f]{16}\\.ward\\.local");
        assertThat(factory.name("corp.example-trust.nhs.uk")).as("the zone itself").isEqualTo("corp.example-trust.nhs.uk");
        assertThat(factory.name("evilcorp.example-trust.nhs.uk")).as("not under the zone").isEqualTo("evilcorp.example-trust.nhs.uk");
        assertThat(factory.name("update.example.com")).isEqualTo("update.example.com");
    }

    @Test
    void withoutAKeyNamesAreLeftAlone() {
        FlowRecordFactory plain = new FlowRecordFactory("s", "c", CidrSet.of(List.of("10.0.0.0/8")), AddressMapper.IDENTITY);
        assertThat(plain.name("20.10.1.10.in-addr.arpa")).isEqualTo("20.10.1.10.in-addr.arpa");
    }
}
