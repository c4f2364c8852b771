package jp.onplanetz.privacy.consent.rest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpPrefixTest {

    /** Inputs that are no IP literal. Several would be resolved as host names if they reached InetAddress. */
    private static final String[] NOT_LITERALS = {
        "cafe", "beef", "localhost", "example.com", "cafe.example.com", "dead.beef",
        // dotted quads out of range: InetAddress does not parse them as literals, it looks them up
        "999.1.1.1", "256.0.0.1", "1.2.3.256",
        // leading zeros: octal to some readers, decimal to others; neither is evidence we can stand by
        "01.2.3.4", "1.2.3.010", "09.1.1.1",
        // shaped like IPv6 only to the gate's eye: starting with '.', InetAddress takes it for a name
        ".cafe:", ".:", "..:1",
    };

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "192.0.2.137,      192.0.2.0/24",
        "10.1.2.3,         10.1.2.0/24",
        "100.200.250.9,    100.200.250.0/24",
        "0.0.0.0,          0.0.0.0/24",
        // octets above 127 are negative bytes: they must come out unsigned
        "255.254.253.252,  255.254.253.0/24",
    })
    void anIpv4AddressIsCutToItsSlash24(String ip, String prefix) {
        assertThat(IpPrefix.of(ip)).isEqualTo(prefix);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2001:db8:1:2:3:4:5:6,               2001:db8:1::/48",
        "2001:0DB8:00AB:ffff:eeee:dddd:cccc:bbbb, 2001:db8:ab::/48",
        "ffff:fffe:fffd:fffc::1,             ffff:fffe:fffd::/48",
        // zero groups inside the prefix are written out, not folded into the '::'
        "fe80::1,                            fe80:0:0::/48",
        "2001:db8::,                         2001:db8:0::/48",
    })
    void anIpv6AddressIsCutToItsFirst48Bits(String ip, String prefix) {
        assertThat(IpPrefix.of(ip)).isEqualTo(prefix);
    }

    @Test
    void everythingBeyondTheFirst48BitsIsDropped() {
        // Two devices of one site: one prefix, and nothing of either interface identifier survives.
        String a = IpPrefix.of("2001:db8:1:aaaa:1111:2222:3333:4444");
        String b = IpPrefix.of("2001:db8:1:bbbb:cccc:dddd:eeee:ffff");

        assertThat(a).isEqualTo(b).isEqualTo("2001:db8:1::/48");
        assertThat(a).doesNotContain("aaaa", "1111", "4444");
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:192.0.2.137", "::FFFF:192.0.2.137", "::ffff:c000:289"})
    void anIpv4MappedIpv6AddressIsCutAsTheIpv4AddressItIs(String ip) {
        assertThat(IpPrefix.of(ip)).isEqualTo("192.0.2.0/24");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "cafe", "beef", "localhost", "example.com", "cafe.example.com", "dead.beef",
        "999.1.1.1", "256.0.0.1", "1.2.3.256", "01.2.3.4", "1.2.3.010", "09.1.1.1", ".cafe:", ".:", "..:1",
        "", " ", "1.2.3", "1.2.3.4.5", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4\n", "1.2.3.4/24", "0x7f.0.0.1",
        "١٢٣.1.1.1", // Arabic-Indic digits: \d must mean ASCII digits only
        "::g", ":::", "1:2:3:4:5:6:7:8:9", "[2001:db8::1]", "fe80::1%eth0", "2001:db8::1/64", "http://1.2.3.4/",
    })
    void whatIsNotAnIpLiteralIsRefused(String input) {
        assertThatThrownBy(() -> IpPrefix.of(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an IP address");
    }

    /**
     * The address comes from the request body, so a name reaching the resolver would let anyone make the
     * service send DNS queries of their choosing. Only a separate JVM can swap the resolver on Java 17:
     * there a hosts file answers every trap name, so any lookup turns a refusal into a prefix of
     * 203.0.113.0/24, and no DNS server is ever asked.
     */
    @Test
    void noInputIsEverResolvedAsAHostName(@TempDir Path dir) throws Exception {
        Path hosts = dir.resolve("hosts");
        List<String> lines = new ArrayList<>();
        lines.add("203.0.113.7 trap-control");
        for (String name : NOT_LITERALS) {
            lines.add("203.0.113.7 " + name);
        }
        Files.write(hosts, lines, StandardCharsets.UTF_8);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.net.hosts.file=" + hosts, "-cp", System.getProperty("java.class.path"), Probe.class.getName(),
                "trap-control"));
        command.addAll(List.of(NOT_LITERALS));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

        assertThat(p.exitValue()).as(String.join("\n", out)).isZero();
        // Control: the trap does answer a name, so a lookup could not go unnoticed.
        assertThat(out).contains("trap-control\tresolved 203.0.113.7");
        for (String name : NOT_LITERALS) {
            assertThat(out).contains(name + "\trefused");
        }
    }

    /** Runs in the trapped JVM: prints, per input, what IpPrefix made of it. */
    static final class Probe {
        public static void main(String[] args) throws Exception {
            System.out.println(args[0] + "\tresolved " + InetAddress.getByName(args[0]).getHostAddress());
            for (int i = 1; i < args.length; i++) {
                String result;
                try {
                    result = "prefix " + IpPrefix.of(args[i]);
                } catch (IllegalArgumentException e) {
                    result = "refused";
                }
                System.out.println(args[i] + "\t" + result);
            }
        }
    }
}
