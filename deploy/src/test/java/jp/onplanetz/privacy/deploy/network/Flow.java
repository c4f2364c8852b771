package jp.onplanetz.privacy.deploy.network;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A connection the policies allow: from one endpoint to another on one destination port. Written and printed as
 * {@code source -> destination port/PROTOCOL}, so the expected matrix reads like the design it is.
 */
public record Flow(String source, String destination, int port, String protocol) implements Comparable<Flow> {
    private static final Pattern TEXT = Pattern.compile("\\s*(\\S+)\\s*->\\s*(\\S+)\\s+(\\d+)/(TCP|UDP|SCTP)\\s*");

    public static Flow parse(String text) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not 'source -> destination port/PROTOCOL': " + text);
        }
        return new Flow(m.group(1), m.group(2), Integer.parseInt(m.group(3)), m.group(4));
    }

    @Override
    public int compareTo(Flow o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return source + " -> " + destination + " " + port + "/" + protocol;
    }
}
