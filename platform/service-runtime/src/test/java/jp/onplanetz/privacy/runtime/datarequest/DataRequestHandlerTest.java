package jp.onplanetz.privacy.runtime.datarequest;

import jp.onplanetz.privacy.events.datarequest.DataRequestTask;
import jp.onplanetz.privacy.events.datarequest.Outcome;
import jp.onplanetz.privacy.events.datarequest.RequestType;
import jp.onplanetz.privacy.runtime.datarequest.DataRequestHandler.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.Proxy;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataRequestHandlerTest {

    /** Erases; every other type is not applicable, for a reason naming the type. */
    private static final DataRequestHandler ERASES_ONLY = new DataRequestHandler() {
        @Override
        public Map<RequestType, String> notApplicableReasons() {
            return Arrays.stream(RequestType.values()).filter(t -> t != RequestType.DELETION)
                    .collect(Collectors.toMap(t -> t, t -> "nothing here concerns a " + t.code()));
        }

        @Override
        public Answer deletion(DataRequestTask task, String eventId) {
            return Answer.completed("erased", 3);
        }
    };

    /** Handles every type, answering with the name of the method that was called. */
    private static final DataRequestHandler NAMES_ITS_METHOD = (DataRequestHandler) Proxy.newProxyInstance(
            DataRequestHandler.class.getClassLoader(), new Class<?>[] {DataRequestHandler.class},
            (proxy, method, args) -> Answer.completed(method.getName(), 0));

    /** Erases, and says why nothing else applies for one type only. */
    private static final DataRequestHandler FORGETS_A_REASON = new DataRequestHandler() {
        @Override
        public Map<RequestType, String> notApplicableReasons() {
            return Map.of(RequestType.CORRECTION, "nothing to correct");
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
    void aHolderThatGivesNoReasonForATypeItDoesNotHandleFailsTheTaskRatherThanAnswerWithoutOne() {
        assertThat(DataRequestTaskIntake.carryOut(FORGETS_A_REASON, task(RequestType.CORRECTION), "event-1").detail())
                .isEqualTo("nothing to correct");
        assertThatThrownBy(() -> DataRequestTaskIntake.carryOut(FORGETS_A_REASON, task(RequestType.DELETION), "e"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("deletion");
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
