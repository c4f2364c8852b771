package jp.onplanetz.privacy.analytics.anonymisation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpTruncationTest {

    @ParameterizedTest
    @CsvSource({
            "203.0.113.77, 203.0.113.0/24",
            "192.168.1.0, 192.168.1.0/24",
            "0.0.0.0, 0.0.0.0/24",
            "255.255.255.255, 255.255.255.0/24",
            "10.0.5.9, 10.0.5.0/24"})
    void ipv4KeepsTheFirstThreeOctets(String address, String network) {
        assertThat(IpTruncation.truncate(address)).isEqualTo(network);
    }

    @ParameterizedTest
    @CsvSource({
            "2001:db8:85a3:8d3:1319:8a2e:370:7348, 2001:db8:85a3::/48",
            "2001:0DB8:0001:0000:0000:0000:0000:0001, 2001:db8:1::/48",
            "2001:db8::1, 2001:db8::/48",
            "2001:0:db8::, 2001:0:db8::/48",
            "::1, ::/48",
            "::, ::/48",
            "fe80::1%eth0, fe80::/48",
            "2001:db8:aaaa:bbbb::192.0.2.1, 2001:db8:aaaa::/48",
            "1:2:3:4:5:6:7::, 1:2:3::/48",
            "::2:3:4:5:6:7:8, 0:2:3::/48"})
    void ipv6KeepsTheFirst48BitsInCanonicalForm(String address, String network) {
        assertThat(IpTruncation.truncate(address)).isEqualTo(network);
    }

    @ParameterizedTest
    @CsvSource({
            "::ffff:203.0.113.77, 203.0.113.0/24",
            "::FFFF:198.51.100.1, 198.51.100.0/24",
            "0:0:0:0:0:ffff:cb00:714d, 203.0.113.0/24"})
    void ipv4MappedIpv6IsTruncatedAsIpv4(String address, String network) {
        assertThat(IpTruncation.truncate(address)).isEqualTo(network);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "203.0.113", "203.0.113.1.5", "203.0.113.256", "203.0.113.-1",
            "203.0.113.07", "1.2.3.4 ", " 1.2.3.4", "1..2.3", "one.two.three.four", "localhost", "example.com",
            "１.２.３.４", "2001:db8::1::1", "2001:db8:1:2:3:4:5:6:7", "2001:db8:1:2:3:4:5", "12345::1",
            "2001:db8::g", ":1::", "1::2:", ":::", "2001:db8::1%", "[2001:db8::1]", "::ffff:1.2.3",
            "1.2.3.4::", "::1.2.3.4:1", "1:2:3:4:5:6:7:1.2.3.4", "203.0.113.77:8080", "２００１:db8::1"})
    void anythingButAnAddressLiteralIsRefusedWithoutRepeatingIt(String text) {
        assertThatThrownBy(() -> IpTruncation.truncate(text))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> {
                    if (!text.isBlank()) {
                        assertThat(e.getMessage()).doesNotContain(text.strip());
                    }
                });
    }
}
