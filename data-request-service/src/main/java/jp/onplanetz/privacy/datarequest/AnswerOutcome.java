package jp.onplanetz.privacy.datarequest;

import jp.onplanetz.privacy.runtime.codes.Coded;

import java.util.Optional;

/** What a system answered to its task (the codes of {@code data-request.task-answered.v1}). */
public enum AnswerOutcome implements Coded {
    COMPLETED, NOTHING_HELD, NOT_APPLICABLE,
    /** Could not be carried out: the task stays open until the system answers otherwise after a re-assignment. */
    FAILED;

    public static Optional<AnswerOutcome> ofCode(String code) {
        return Coded.ofCode(AnswerOutcome.class, code);
    }

    /** An answer that settles the system's part: everything but a failure. */
    public boolean settles() {
        return this != FAILED;
    }
}
