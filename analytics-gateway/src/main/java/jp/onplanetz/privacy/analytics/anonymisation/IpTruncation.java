package jp.onplanetz.privacy.analytics.anonymisation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts an IP address down to its network: IPv4 to the /24, IPv6 to the /48 (a typical site allocation, so the
 * customer network is kept and the household or device is not). An IPv4-mapped IPv6 address
 * ({@code ::ffff:a.b.c.d}, as a dual-stack server reports IPv4 clients) is an IPv4 client and is cut to its
 * /24: its /48 would be {@code ::/48}, which says nothing and hides that the source was IPv4.
 * <p>
 * The parser is written here rather than borrowed from {@link java.net.InetAddress}, which would look a host
 * name up in the DNS (sending the raw value out of the door) and accepts legacy forms such as {@code 10.1}
 * or octal-looking parts. Only textual literals are accepted: IPv4 as four decimal parts without leading
 * zeros; IPv6 per RFC 4291 section 2.2, with an optional trailing dotted IPv4 and an optional zone
 * ({@code %eth0}), which is dropped as it names our interface, not the client. No brackets, no ports, no
 * surrounding spaces. Error messages never repeat the input: it is personal data and would end up in logs.
 */
public final class IpTruncation {

    private IpTruncation() {
    }

    /**
     * @return {@code a.b.c.0/24} for IPv4 (mapped or not); for IPv6 the /48 prefix in RFC 5952 form, such as
     *         {@code 2001:db8:1::/48}
     * @throws IllegalArgumentException if the text is not an IP address literal
     */
    public static String truncate(String address) {
        Objects.requireNonNull(address, "address");
        if (address.indexOf(':') < 0) {
            int[] v4 = parseIpv4(address);
            if (v4 == null) {
                throw new IllegalArgumentException("not an IPv4 address literal");
            }
            return ipv4Network(v4[0], v4[1], v4[2]);
        }
        int[] groups = parseIpv6(address);
        if (groups == null) {
            throw new IllegalArgumentException("not an IPv6 address literal");
        }
        if (isIpv4Mapped(groups)) {
            return ipv4Network(groups[6] >>> 8, groups[6] & 0xff, groups[7] >>> 8);
        }
        return ipv6Network48(groups);
    }

    private static String ipv4Network(int a, int b, int c) {
        return a + "." + b + "." + c + ".0/24";
    }

    private static boolean isIpv4Mapped(int[] groups) {
        for (int i = 0; i < 5; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[5] == 0xffff;
    }

    /** Groups 3 to 7 are zero after the cut, so the "::" always stands for them and any zeros just before. */
    private static String ipv6Network48(int[] groups) {
        int last = 2;
        while (last >= 0 && groups[last] == 0) {
            last--;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            if (i > 0) {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.append("::/48").toString();
    }

    /** Four decimal parts 0-255, no sign, no leading zero; null if anything else. */
    private static int[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                if (c < '0' || c > '9') {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return null;
            }
            octets[i] = value;
        }
        return octets;
    }

    /** The eight 16-bit groups; null if the text is not an RFC 4291 literal. */
    private static int[] parseIpv6(String text) {
        int zone = text.indexOf('%');
        if (zone >= 0) {
            if (zone == text.length() - 1) {
                return null;
            }
            text = text.substring(0, zone);
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<Integer> head;
        List<Integer> tail;
        if (gap < 0) {
            head = parseGroups(text, true);
            tail = List.of();
        } else {
            head = parseGroups(text.substring(0, gap), false);
            tail = parseGroups(text.substring(gap + 2), true);
        }
        if (head == null || tail == null) {
            return null;
        }
        int present = head.size() + tail.size();
        if (gap < 0 ? present != 8 : present > 7) {
            return null;
        }
        int[] groups = new int[8];
        for (int i = 0; i < head.size(); i++) {
            groups[i] = head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            groups[8 - tail.size() + i] = tail.get(i);
        }
        return groups;
    }

    /**
     * Colon-separated hex groups of one side of the "::"; the empty side is no group at all. Only the last side
     * may end with a dotted IPv4 address, which counts as two groups.
     */
    private static List<Integer> parseGroups(String text, boolean mayEndWithIpv4) {
        List<Integer> groups = new ArrayList<>();
        if (text.isEmpty()) {
            return groups;
        }
        String[] parts = text.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && mayEndWithIpv4 && part.indexOf('.') >= 0) {
                int[] v4 = parseIpv4(part);
                if (v4 == null) {
                    return null;
                }
                groups.add(v4[0] << 8 | v4[1]);
                groups.add(v4[2] << 8 | v4[3]);
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                int digit = hexDigit(part.charAt(j));
                if (digit < 0) {
                    return null;
                }
                value = value << 4 | digit;
            }
            groups.add(value);
        }
        return groups;
    }

    /** ASCII only: {@link Character#digit} would also take full-width and other scripts' digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
