package jp.onplanetz.privacy.analytics.service;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-read shapes mean what the expressions they replace mean, over many generated texts: near misses of valid
 * codes and paths (one character changed, added or taken away), and text of any kind.
 */
class UsageEventSyntaxTest {

    /** The expressions as the usage event's schema states them (and the field rules matched them). */
    private static final Pattern DOTTED_CODE = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");
    private static final Pattern PAGE = Pattern.compile("(/[A-Za-z0-9._~%-]*)+|[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");
    private static final long SEED = 21_2026_1208L;
    private static final int TEXTS = 50_000;

    @Test
    void aDottedCodeIsWhatTheExpressionMatches() {
        int matched = compare(DOTTED_CODE, UsageEventSyntax::isDottedCode, Arbitraries.oneOf(nearMiss(dottedCode()),
                anyText()));
        assertThat(matched).as("valid codes among the generated texts").isBetween(TEXTS / 10, TEXTS * 9 / 10);
    }

    @Test
    void aPageIsWhatTheExpressionMatches() {
        int matched = compare(PAGE, UsageEventSyntax::isPage, Arbitraries.oneOf(nearMiss(path()),
                nearMiss(dottedCode()), anyText()));
        assertThat(matched).as("valid pages among the generated texts").isBetween(TEXTS / 10, TEXTS * 9 / 10);
    }

    @Test
    void controlsAndLoneSurrogatesAreFoundAsTheEncoderFindsThem() {
        Predicate<String> encoder = s -> s.chars().anyMatch(Character::isISOControl)
                || !StandardCharsets.UTF_8.newEncoder().canEncode(s);
        JqwikSession.start(String.valueOf(SEED));
        try {
            RandomGenerator<String> texts = anyText().generator(1000);
            Random random = new Random(SEED);
            int found = 0;
            for (int i = 0; i < TEXTS; i++) {
                String s = texts.next(random).value();
                assertThat(UsageEventSyntax.hasControlOrLoneSurrogate(s)).as(escaped(s)).isEqualTo(encoder.test(s));
                found += encoder.test(s) ? 1 : 0;
            }
            assertThat(found).as("texts with a control or a lone surrogate").isBetween(TEXTS / 10, TEXTS * 9 / 10);
        } finally {
            JqwikSession.finish();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            page-view        | true
            a                | true
            a.b-c.d9         | true
            a-               | true
            ''               | false
            a.               | false
            .a               | false
            a..b             | false
            a.9              | false
            9a               | false
            Page-view        | false
            page_view        | false
            """)
    void dottedCodes(String text, boolean valid) {
        assertThat(UsageEventSyntax.isDottedCode(text)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /plans/business  | true
            /                | true
            //               | true
            /A-Z_a.z~0%20    | true
            checkout.confirm | true
            ''               | false
            /plans?id=1      | false
            /plans#top       | false
            plans/business   | false
            /プラン          | false
            """)
    void pages(String text, boolean valid) {
        assertThat(UsageEventSyntax.isPage(text)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            plain                | false
            a\u0000b             | true
            a\u001fb             | true
            a\u007fb             | true
            a\u009fb             | true
            a\u00a0b             | false
            \uD83D\uDE00         | false
            a\uD83D              | true
            \uDE00a              | true
            \uDE00\uD83D         | true
            \uD83D\uD83D\uDE00   | true
            """)
    void controlsAndLoneSurrogates(String text, boolean found) {
        assertThat(UsageEventSyntax.hasControlOrLoneSurrogate(text)).isEqualTo(found);
    }

    private static int compare(Pattern expression, Predicate<String> loop, Arbitrary<String> texts) {
        JqwikSession.start(String.valueOf(SEED));
        try {
            RandomGenerator<String> generator = texts.generator(1000);
            Random random = new Random(SEED);
            int matched = 0;
            for (int i = 0; i < TEXTS; i++) {
                String s = generator.next(random).value();
                boolean expected = expression.matcher(s).matches();
                assertThat(loop.test(s)).as(escaped(s)).isEqualTo(expected);
                matched += expected ? 1 : 0;
            }
            return matched;
        } finally {
            JqwikSession.finish();
        }
    }

    private static Arbitrary<String> dottedCode() {
        Arbitrary<String> segment = Combinators.combine(Arbitraries.chars().range('a', 'z'),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-').ofMaxLength(8))
                .as((first, rest) -> first + rest);
        return segment.list().ofMinSize(1).ofMaxSize(4).map(s -> String.join(".", s));
    }

    private static Arbitrary<String> path() {
        return Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z').withCharRange('0', '9')
                .withChars("._~%-").ofMaxLength(10).list().ofMinSize(1).ofMaxSize(4)
                .map(s -> "/" + String.join("/", s));
    }

    /** The text as it is (about half the time) or with one character changed, added or taken away. */
    private static Arbitrary<String> nearMiss(Arbitrary<String> valid) {
        Arbitrary<Character> tricky = Arbitraries.oneOf(Arbitraries.of('.', '-', '/', '?', '#', '_', '~', '%', 'A',
                'Z', 'a', 'z', '0', '9', ' ', '\n', '\u0131', '\u212A', 'ä', '\uD83D'), Arbitraries.chars());
        return Combinators.combine(valid, Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 1000),
                tricky).as((s, how, where, c) -> {
                    int at = s.isEmpty() ? 0 : where % (s.length() + 1);
                    return switch (how) {
                        case 0 -> s.substring(0, at) + c + s.substring(at);
                        case 1 -> at < s.length() ? s.substring(0, at) + c + s.substring(at + 1) : s + c;
                        case 2 -> at < s.length() ? s.substring(0, at) + s.substring(at + 1) : s.substring(0, 0);
                        default -> s;
                    };
                });
    }

    private static Arbitrary<String> anyText() {
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.chars().range('a', 'z')),
                net.jqwik.api.Tuple.of(2, Arbitraries.of('.', '-', '/', '0', '9', 'A', '%', '~', '_')),
                net.jqwik.api.Tuple.of(1, Arbitraries.chars().range('\u0000', '\u00a0')),
                net.jqwik.api.Tuple.of(1, Arbitraries.chars().range('\uD800', '\uDFFF')),
                net.jqwik.api.Tuple.of(1, Arbitraries.chars()));
        return chars.list().ofMaxSize(12).map(cs -> {
            StringBuilder s = new StringBuilder();
            cs.forEach(s::append);
            return s.toString();
        });
    }

    /** A generated text as Java would write it, so a failure shows what was compared. */
    private static String escaped(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c)
                : String.format("\\u%04x", c)));
        return out.toString();
    }
}
