package io.vigil.detector.intel;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Indicator;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndicatorIndexTest {

    static Indicator of(String v) {
        return Indicator.of(v, "test", 50, null, null, null, null, List.of());
    }

    @Test
    void addressesMatchWhateverTheSpellingOfAnIpv6Address() {
        IndicatorIndex i = new IndicatorIndex();
        i.add(of("2001:DB8:0::7"));
        i.add(of("192.0.2.7"));
        assertThat(i.matchAddress("2001:db8:0:0:0:0:0:7")).isEqualTo("ip:2001:db8:0::7");
        assertThat(i.matchAddress("2001:db8::7")).isEqualTo("ip:2001:db8:0::7");
        assertThat(i.matchAddress("192.0.2.7")).isEqualTo("ip:192.0.2.7");
        assertThat(i.matchAddress("192.0.2.8")).isNull();
        assertThat(i.matchAddress("not-an-address")).isNull();
    }

    @Test
    void theMostSpecificBlockWinsAndRemovingOneLeavesTheOther() {
        IndicatorIndex i = new IndicatorIndex();
        i.add(of("10.0.0.0/8"));
        i.add(of("10.1.2.0/23"));
        i.add(of("2001:db8:aa00::/40"));
        assertThat(i.matchAddress("10.1.3.255")).isEqualTo("cidr:10.1.2.0/23");
        assertThat(i.matchAddress("10.1.4.0")).isEqualTo("cidr:10.0.0.0/8");
        assertThat(i.matchAddress("11.0.0.1")).isNull();
        assertThat(i.matchAddress("2001:db8:aaff::1")).isEqualTo("cidr:2001:db8:aa00::/40");
        assertThat(i.matchAddress("2001:db8:ab00::1")).isNull();
        i.remove("cidr:10.1.2.0/23");
        assertThat(i.matchAddress("10.1.3.255")).isEqualTo("cidr:10.0.0.0/8");
        assertThat(i.sizes()).containsEntry("cidr", 2);
    }

    @Test
    void aDomainCoversTheNamesBelowItButNotItsNeighboursOrItsParent() {
        IndicatorIndex i = new IndicatorIndex();
        i.add(of("evil.example"));
        i.add(of("login.corp-mail.example"));
        assertThat(i.matchDomain("evil.example")).isEqualTo("domain:evil.example");
        assertThat(i.matchDomain("A.B.Evil.Example.")).isEqualTo("domain:evil.example");
        assertThat(i.matchDomain("notevil.example")).isNull();
        assertThat(i.matchDomain("corp-mail.example")).isNull();
        assertThat(i.matchDomain("x.login.corp-mail.example")).isEqualTo("domain:login.corp-mail.example");
        assertThat(i.matchDomain("example")).isNull();
        i.remove("domain:evil.example");
        assertThat(i.matchDomain("a.evil.example")).isNull();
        assertThat(i.isEmpty()).isFalse();
    }

    @Test
    void aReplacedEntryIsNotRemovedByTheWithdrawalOfAnotherSpelling() {
        IndicatorIndex i = new IndicatorIndex();
        i.add(of("2001:db8::7"));
        i.add(of("2001:db8:0::7"));
        i.remove("ip:2001:db8::7"); // the index holds the later spelling's key
        assertThat(i.matchAddress("2001:db8::7")).isEqualTo("ip:2001:db8:0::7");
    }

    @Test
    void dottedQuadsAreReadWithoutHelpAndAnythingElseIsNotOne() {
        assertThat(IndicatorIndex.ipv4("198.51.100.7")).isEqualTo(0xC6336407L);
        assertThat(IndicatorIndex.ipv4("255.255.255.255")).isEqualTo(0xFFFFFFFFL);
        assertThat(IndicatorIndex.ipv4("0.0.0.0")).isZero();
        for (String bad : new String[] {"256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.", "a.b.c.d", "", "1.2.3.4 "}) {
            assertThat(IndicatorIndex.ipv4(bad)).as(bad).isEqualTo(-1);
        }
        IndicatorIndex i = new IndicatorIndex();
        i.add(of("0.0.0.0/0"));
        assertThat(i.matchAddress("203.0.113.9")).as("a /0 holds everything").isEqualTo("cidr:0.0.0.0/0");
    }
}
