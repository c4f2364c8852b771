package jp.onplanetz.privacy.runtime.datarequest;

import jp.onplanetz.privacy.events.datarequest.DataRequestTask;
import jp.onplanetz.privacy.events.datarequest.Outcome;
import jp.onplanetz.privacy.events.datarequest.RequestType;

import java.util.Map;
import java.util.Objects;

/**
 * A data holder's part of data subjects' requests: one method per {@link RequestType}, each carrying out the task and
 * returning what the subject is told. {@link DataRequestTaskIntake} calls the method in the consumer's transaction and
 * publishes the answer in it, so an answer goes out exactly when the work it reports was committed.
 * <p>
 * A type the holder does not override concerns nothing it keeps: the answer is {@code not-applicable}, with the
 * holder's {@link #notApplicableReasons reason} for that type. Every method may throw an
 * {@link IllegalArgumentException} to refuse a task it cannot carry out (it is dead-lettered, unanswered).
 * <p>
 * {@code eventId} is the task's CloudEvent id, for a holder that records which delivery made a change; a task sent
 * again (data-request-service re-sends to systems that did not answer) comes with a new one.
 */
public interface DataRequestHandler {

    /**
     * Why a request of each type the holder leaves to the defaults below concerns nothing it keeps, in words the
     * subject may read: one reason per type, stated once.
     */
    Map<RequestType, String> notApplicableReasons();

    /** Art. 33(1): the subject's data as the holder keeps it. */
    default Answer disclosure(DataRequestTask task, String eventId) {
        return notApplicable(task);
    }

    /** Art. 33(5): the records of provision to third parties. */
    default Answer provisionRecordDisclosure(DataRequestTask task, String eventId) {
        return notApplicable(task);
    }

    /** Art. 34: the fields of {@link DataRequestTask#correction()}. */
    default Answer correction(DataRequestTask task, String eventId) {
        return notApplicable(task);
    }

    /** Art. 35: erasure. */
    default Answer deletion(DataRequestTask task, String eventId) {
        return notApplicable(task);
    }

    /** Art. 35: no more use for {@link DataRequestTask#purposes()} (empty: any purpose). */
    default Answer cessationOfUse(DataRequestTask task, String eventId) {
        return notApplicable(task);
    }

    /** Art. 35: no more provision to {@link DataRequestTask#recipients()} (empty: any recipient). */
    default Answer cessationOfProvision(DataRequestTask task, String eventId) {
        return notApplicable(task);
    }

    /** The consents to {@link DataRequestTask#purposes()} (empty: every purpose) withdrawn. */
    default Answer consentWithdrawal(DataRequestTask task, String eventId) {
        return notApplicable(task);
    }

    private Answer notApplicable(DataRequestTask task) {
        String reason = notApplicableReasons().get(task.requestType());
        if (reason == null) {
            // a holder's bug: the task goes to the dead-letter topic unanswered, and the watchdog flags it
            throw new IllegalStateException(getClass().getName() + " neither carries out a " + task.requestType().code()
                    + " request nor says why it does not apply");
        }
        return Answer.notApplicable(reason);
    }

    /**
     * What a holder answers to its task: the part of {@code data-request.task-answered.v1} that is the holder's to say
     * (the ids, the system and the time are filled in by {@link DataRequestAnswers}).
     *
     * @param detail   what was done, in words the subject may read (cut to the contract's limit when published)
     * @param affected how many items were changed or found; null where nothing was counted
     * @param data     for a disclosure, the subject's data as the holder's own JSON document; else null
     */
    record Answer(Outcome outcome, String detail, Integer affected, Map<String, Object> data) {

        public Answer {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(detail, "detail");
        }

        public static Answer completed(String detail, int affected) {
            return new Answer(Outcome.COMPLETED, detail, affected, null);
        }

        /** A disclosure carried out: {@code data} is what the subject receives. */
        public static Answer disclosed(String detail, int affected, Map<String, Object> data) {
            return new Answer(Outcome.COMPLETED, detail, affected, data);
        }

        public static Answer nothingHeld(String detail) {
            return new Answer(Outcome.NOTHING_HELD, detail, 0, null);
        }

        public static Answer notApplicable(String reason) {
            return new Answer(Outcome.NOT_APPLICABLE, reason, null, null);
        }

        /** Without the detail and the data, which are about the subject. */
        @Override
        public String toString() {
            return "Answer[outcome=" + outcome + ", affected=" + affected + "]";
        }
    }
}
