package jp.onplanetz.privacy.runtime.datarequest;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DataRequestAnswersTest {

    @Test
    void aDetailStaysWithinTheContractsLimitAndSaysItWasCut() {
        assertThat(DataRequestAnswers.fit("short")).isEqualTo("short");
        String exact = "x".repeat(DataRequestAnswers.DETAIL_MAX_CHARS);
        assertThat(DataRequestAnswers.fit(exact)).isSameAs(exact);
        String cut = DataRequestAnswers.fit("x".repeat(5000));
        assertThat(cut).hasSize(DataRequestAnswers.DETAIL_MAX_CHARS).endsWith("\u2026");
    }

    @Test
    void theOutcomesAreTheContractsCodes() {
        assertThat(List.of(DataRequestAnswers.Outcome.values())).map(DataRequestAnswers.Outcome::code)
                .containsExactly("completed", "nothing-held", "not-applicable", "failed");
    }

    @Test
    void aTaskLeftWithoutPurposesOrRecipientsMeansAllAndNeverPrintsTheSubjectOrACorrection() {
        DataRequestTask task = new DataRequestTask(UUID.randomUUID(), "subject-42", "correction", null, null, null,
                Map.of("address", "2-3 Umeda"), OffsetDateTime.now(), OffsetDateTime.now().plusHours(1));
        assertThat(task.purposes()).isEmpty();
        assertThat(task.recipients()).isEmpty();
        assertThat(task.toString()).doesNotContain("subject-42").doesNotContain("Umeda").contains("correction");
    }
}
