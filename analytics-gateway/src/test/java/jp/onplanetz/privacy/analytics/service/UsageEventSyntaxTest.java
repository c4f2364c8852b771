package jp.onplanetz.privacy.analytics.service;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;
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
        int matched = compare(DOTTED_CODE, UsageEventSyntax::isDottedCode, Arbitraries.oneOf(UsageCodeArbitraries.nearMiss(UsageCodeArbitraries.dottedCode()),
                anyText()));
        assertThat(matched).as("valid codes among the generated texts").isBetween(TEXTS / 10, TEXTS * 9 / 10);
    }

    @Test
    void aPageIsWhatTheExpressionMatches() {
        int matched = compare(PAGE, UsageEventSyntax::isPage, Arbitraries.oneOf(UsageCodeArbitraries.nearMiss(UsageCodeArbitraries.path()),
                UsageCodeArbitraries.nearMiss(UsageCodeArbitraries.dottedCode()), anyText()));
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

    private static Arbitrary<String> anyText() {
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.chars().range('a', 'z')),
                Tuple.of(2, Arbitraries.of('.', '-', '/', '0', '9', 'A', '%', '~', '_')),
                Tuple.of(1, Arbitraries.chars().range('\u0000', '\u00a0')),
                Tuple.of(1, Arbitraries.chars().range('\uD800', '\uDFFF')),
                Tuple.of(1, Arbitraries.chars()));
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
