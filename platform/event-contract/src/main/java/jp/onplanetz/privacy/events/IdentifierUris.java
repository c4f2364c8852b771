package jp.onplanetz.privacy.events;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule every identifier the suite publishes follows (a schema's {@code $id}, an event's {@code dataschema}, a
 * problem's {@code type}): an absolute URI by RFC 3986, and when it is a URN, one by RFC 8141. Consumers' tools
 * refuse anything else (Ajv will not compile a schema whose {@code $id} it cannot parse), so the catalogue checks
 * its own identifiers when it is loaded and the tests check every one that is published.
 */
public final class IdentifierUris {

    /** RFC 3986 section 3.1. */
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    /** RFC 8141 section 2: alphanum, up to 30 of alphanum or hyphen, alphanum. No dots. */
    private static final Pattern URN_NID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,30}[A-Za-z0-9]");
    /** RFC 8141's NSS: pchar *(pchar / "/"), pchar being unreserved, pct-encoded, sub-delims, ":" or "@". */
    private static final Pattern URN_NSS = Pattern.compile(
            "(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})(?:[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-Fa-f]{2})*");

    private IdentifierUris() {
    }

    /**
     * Why {@code text} is not a valid absolute URI (empty when it is): not parseable by RFC 3986, relative, not
     * ASCII (an IRI is not a URI), an http(s) URI without a host, or a URN that breaks RFC 8141.
     */
    public static Optional<String> defect(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.of("empty");
        }
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
            return Optional.of("not ASCII: a URI has its other characters percent-encoded");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return Optional.of("not a URI: " + e.getMessage());
        }
        if (uri.getScheme() == null) {
            return Optional.of("relative: no scheme");
        }
        if (!SCHEME.matcher(uri.getScheme()).matches()) {
            return Optional.of("the scheme '" + uri.getScheme() + "' breaks RFC 3986's grammar");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") || scheme.equals("https")) {
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                return Optional.of("an " + scheme + " URI needs a host name");
            }
        } else if (scheme.equals("urn")) {
            return urnDefect(uri);
        }
        return Optional.empty();
    }

    /** Throws when {@code text} is not a valid absolute URI; {@code what} names it in the message. */
    public static String requireValid(String what, String text) {
        defect(text).ifPresent(reason -> {
            throw new IllegalArgumentException(what + " '" + text + "' is not a valid absolute URI: " + reason);
        });
        return text;
    }

    private static Optional<String> urnDefect(URI uri) {
        // The fragment is outside the scheme-specific part already; the r- and q-components start at '?'.
        String assigned = uri.getRawSchemeSpecificPart();
        int components = assigned.indexOf('?');
        if (components >= 0) {
            assigned = assigned.substring(0, components);
        }
        int colon = assigned.indexOf(':');
        if (colon < 0) {
            return Optional.of("a URN is urn:<NID>:<NSS> (RFC 8141)");
        }
        String nid = assigned.substring(0, colon);
        if (!URN_NID.matcher(nid).matches()) {
            return Optional.of("the URN namespace identifier '" + nid + "' breaks RFC 8141 (2 to 32 letters, digits"
                    + " or inner hyphens: no dots)");
        }
        String nss = assigned.substring(colon + 1);
        if (!URN_NSS.matcher(nss).matches()) {
            return Optional.of("the URN namespace-specific string '" + nss + "' breaks RFC 8141");
        }
        return Optional.empty();
    }
}
