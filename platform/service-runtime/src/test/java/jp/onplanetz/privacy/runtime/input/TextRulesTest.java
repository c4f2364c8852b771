package jp.onplanetz.privacy.runtime.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TextRulesTest {

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x0000, 0x0001, 0x0007, 0x0009, 0x000a, 0x000d, 0x001b, 0x001f, 0x007f, 0x0080, 0x0085, 0x009f,
            0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0xd800, 0xdfff,
            0xfffe, 0xffff})
    void aNameRefusesEveryControlBidiAndNonCharacter(int c) {
        String value = "ab" + (char) c + "cd";
        assertThat(TextRules.refusal(value, false)).isNotNull().contains("position 2")
                .contains(String.format("U+%04X", c));
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x0009, 0x000a, 0x000d})
    void proseMayHoldTabAndLineBreaks(int c) {
        assertThat(TextRules.refusal("line" + (char) c + "next", true)).isNull();
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x0000, 0x000b, 0x000c, 0x001b, 0x0085, 0x202e, 0x2066})
    void proseRefusesTheOtherControls(int c) {
        assertThat(TextRules.refusal("line" + (char) c + "next", true)).isNotNull();
    }

    @Test
    void ordinaryTextInAnyScriptIsAccepted() {
        assertThat(TextRules.refusal("東京都千代田区丸の内 1-1-1 (Marunouchi) — Ünïcödé, العربية, עברית", false)).isNull();
        assertThat(TextRules.refusal("a paired surrogate: \uD83D\uDE00", false)).isNull();
        assertThat(TextRules.refusal("", false)).isNull();
    }

    @Test
    void everyTextIsBoundedEvenWithoutItsOwnLimit() {
        assertThat(TextRules.refusal("x".repeat(TextRules.MAX_LENGTH), false)).isNull();
        assertThat(TextRules.refusal("x".repeat(TextRules.MAX_LENGTH + 1), false)).contains("longer than");
    }

    @Test
    void aLoneSurrogateAtTheEndIsRefused() {
        assertThat(TextRules.refusal("abc\uD83D", false)).contains("unpaired surrogate");
        assertThat(TextRules.refusal("\uDE00abc", false)).contains("unpaired surrogate");
    }
}
