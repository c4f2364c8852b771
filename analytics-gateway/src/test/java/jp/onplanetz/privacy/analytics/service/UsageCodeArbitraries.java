package jp.onplanetz.privacy.analytics.service;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of the codes and paths a usage event carries, and of their near misses. */
public final class UsageCodeArbitraries {

    private UsageCodeArbitraries() {
    }

    /** Lower-case dotted codes such as {@code page-view}, of one to four segments. */
    public static Arbitrary<String> dottedCode() {
        Arbitrary<String> segment = Combinators.combine(Arbitraries.chars().range('a', 'z'),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-').ofMaxLength(20))
                .as((first, rest) -> first + rest);
        return segment.list().ofMinSize(1).ofMaxSize(4).map(s -> String.join(".", s));
    }

    /** Paths of one to four segments of the characters a page path may hold. */
    public static Arbitrary<String> path() {
        return Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z').withCharRange('0', '9')
                .withChars("._~%-").ofMaxLength(20).list().ofMinSize(1).ofMaxSize(4)
                .map(s -> "/" + String.join("/", s));
    }

    /**
     * The text as it is (about half the time) or with one character changed, added or taken away: the character one
     * that a shape, a time or a text reader may mistake (a look-alike letter, a full-width digit, half a surrogate
     * pair), or any.
     */
    public static Arbitrary<String> nearMiss(Arbitrary<String> valid) {
        Arbitrary<Character> tricky = Arbitraries.oneOf(Arbitraries.of('.', '-', '/', '?', '#', '_', '~', '%', 'A',
                'Z', 'a', 'z', '0', '9', ':', '+', 'T', ' ', '\n', '\u0131', '\u212A', 'ä', '\uFF12', '\uD83D'),
                Arbitraries.chars());
        return Combinators.combine(valid, Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 1000),
                tricky).as((s, how, where, c) -> {
                    int at = s.isEmpty() ? 0 : where % (s.length() + 1);
                    return switch (how) {
                        case 0 -> s.substring(0, at) + c + s.substring(at);
                        case 1 -> at < s.length() ? s.substring(0, at) + c + s.substring(at + 1) : s + c;
                        case 2 -> at < s.length() ? s.substring(0, at) + s.substring(at + 1) : "";
                        default -> s;
                    };
                });
    }
}
