package jp.onplanetz.privacy.runtime.datarequest;

import jp.onplanetz.privacy.events.datarequest.DataRequestTask;
import jp.onplanetz.privacy.events.datarequest.Outcome;
import jp.onplanetz.privacy.events.datarequest.RequestType;
import jp.onplanetz.privacy.runtime.datarequest.DataRequestHandler.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataRequestHandlerTest {

    /** Erases and nothing else; names the type in its reason so a test sees which reason was asked for. */
    private static final DataRequestHandler ERASES_ONLY = new DataRequestHandler() {
        @Override
        public String notApplicableReason(RequestType type) {
            return "nothing here concerns a " + type.code();
        }

        @Override
        public Answer deletion(DataRequestTask task, String eventId) {
            return Answer.completed("erased", 3);
        }
    };

    /** Answers every type with the name of the method that was called. */
    private static final DataRequestHandler NAMES_ITS_METHOD = new DataRequestHandler() {
        @Override
        public String notApplicableReason(RequestType type) {
            throw new AssertionError("every type is handled");
        }

        @Override
        public Answer disclosure(DataRequestTask task, String eventId) {
            return Answer.completed("disclosure", 0);
        }

        @Override
        public Answer provisionRecordDisclosure(DataRequestTask task, String eventId) {
            return Answer.completed("provisionRecordDisclosure", 0);
        }

        @Override
        public Answer correction(DataRequestTask task, String eventId) {
            return Answer.completed("correction", 0);
        }

        @Override
        public Answer deletion(DataRequestTask task, String eventId) {
            return Answer.completed("deletion", 0);
        }

        @Override
        public Answer cessationOfUse(DataRequestTask task, String eventId) {
            return Answer.completed("cessationOfUse", 0);
        }

        @Override
        public Answer cessationOfProvision(DataRequestTask task, String eventId) {
            return Answer.completed("cessationOfProvision", 0);
        }

        @Override
        public Answer consentWithdrawal(DataRequestTask task, String eventId) {
            return Answer.completed("consentWithdrawal", 0);
        }
    };

    @ParameterizedTest
    @CsvSource({
            "DISCLOSURE, disclosure",
            "PROVISION_RECORD_DISCLOSURE, provisionRecordDisclosure",
            "CORRECTION, correction",
            "DELETION, deletion",
            "CESSATION_OF_USE, cessationOfUse",
            "CESSATION_OF_PROVISION, cessationOfProvision",
            "CONSENT_WITHDRAWAL, consentWithdrawal"})
    void theIntakeCallsTheMethodOfTheTasksType(RequestType type, String method) {
        assertThat(DataRequestTaskIntake.carryOut(NAMES_ITS_METHOD, task(type), "event-1").detail()).isEqualTo(method);
    }

    @ParameterizedTest
    @EnumSource(value = RequestType.class, names = "DELETION", mode = EnumSource.Mode.EXCLUDE)
    void aTypeTheHolderDoesNotHandleIsAnsweredNotApplicableWithItsReasonForThatType(RequestType type) {
        Answer answer = DataRequestTaskIntake.carryOut(ERASES_ONLY, task(type), "event-1");
        assertThat(answer.outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
        assertThat(answer.detail()).isEqualTo("nothing here concerns a " + type.code());
        assertThat(answer.affected()).isNull();
        assertThat(answer.data()).isNull();
    }

    @Test
    void aTypeTheHolderHandlesIsCarriedOut() {
        Answer answer = DataRequestTaskIntake.carryOut(ERASES_ONLY, task(RequestType.DELETION), "event-1");
        assertThat(answer.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(answer.affected()).isEqualTo(3);
    }

    @Test
    void anAnswerNeverPrintsItsDetailOrData() {
        Answer answer = Answer.disclosed("your address is 2-3 Umeda", 1, Map.of("address", "2-3 Umeda"));
        assertThat(answer.toString()).doesNotContain("Umeda").contains("COMPLETED");
        assertThat(Answer.nothingHeld("none").affected()).isZero();
        assertThatThrownBy(() -> new Answer(Outcome.COMPLETED, null, 1, null)).isInstanceOf(NullPointerException.class);
    }

    private static DataRequestTask task(RequestType type) {
        OffsetDateTime now = OffsetDateTime.now();
        return new DataRequestTask(UUID.randomUUID(), "subject-1", type, null, null, null, null, now,
                now.plusMinutes(5));
    }
}
