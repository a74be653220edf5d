package io.vigil.collector.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Addresses are spelt as the JDK spells them (IPv4) and as RFC 5952 does (IPv6). */
class AddressesTest {

    @Test
    void everyOctetWidthIsSpeltAsTheJdkDoes() throws Exception {
        int[] octets = {0, 1, 9, 10, 42, 99, 100, 199, 200, 255};
        for (int a : octets) {
            for (int b : octets) {
                byte[] raw = {(byte) a, (byte) b, (byte) (255 - a), (byte) (99 + b % 100)};
                assertThat(Addresses.format(raw)).isEqualTo(InetAddress.getByAddress(raw).getHostAddress());
            }
        }
        Random r = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            byte[] raw = new byte[4];
            r.nextBytes(raw);
            assertThat(Addresses.format(raw)).isEqualTo(InetAddress.getByAddress(raw).getHostAddress());
        }
    }

    @Test
    void ipv6TakesTheLongestZeroRunAsDoubleColon() throws Exception {
        assertThat(Addresses.format(InetAddress.getByName("2001:db8:0:0:1:0:0:1").getAddress())).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Addresses.format(InetAddress.getByName("2001:db8:0:1:1:1:1:1").getAddress())).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Addresses.format(InetAddress.getByName("::1").getAddress())).isEqualTo("::1");
    }
}
