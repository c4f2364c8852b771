package jp.onplanetz.privacy.consent.rest;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Cuts an IP address to its network: IPv4 to /24, IPv6 to /48. Enough to show where a consent came from
 * (evidence), not enough to single out a household's device (data minimisation).
 */
final class IpPrefix {

    private IpPrefix() {
    }

    /** @throws IllegalArgumentException if {@code ip} is not an IP literal (no name is ever resolved) */
    static String of(String ip) {
        // Only literals reach InetAddress: four decimal octets (no leading zero, which some read as octal), or
        // hex digits up to a colon (IPv6). Anything else it would take for a host name and look up: a bare
        // word such as "cafe", a quad out of range such as "999.1.1.1", a string starting with a dot (".cafe:").
        if (!ip.matches("^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$")
                && !ip.matches("^[0-9a-fA-F]*:[0-9a-fA-F:.]*$")) {
            throw new IllegalArgumentException("not an IP address: '" + ip + "'");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(ip).getAddress(); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + ip + "'");
        }
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i += 2) {
            s.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return s.append(":/48").toString();
    }
}
