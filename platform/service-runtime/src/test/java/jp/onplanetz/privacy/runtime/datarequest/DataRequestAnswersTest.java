package jp.onplanetz.privacy.runtime.datarequest;

import jp.onplanetz.privacy.events.datarequest.TaskAnswer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DataRequestAnswersTest {

    @Test
    void aDetailStaysWithinTheContractsLimitAndSaysItWasCut() {
        assertThat(DataRequestAnswers.fit("short")).isEqualTo("short");
        String exact = "x".repeat(TaskAnswer.DETAIL_MAX_CHARS);
        assertThat(DataRequestAnswers.fit(exact)).isSameAs(exact);
        String cut = DataRequestAnswers.fit("x".repeat(5000));
        assertThat(cut).hasSize(TaskAnswer.DETAIL_MAX_CHARS).endsWith("\u2026");
    }
}
