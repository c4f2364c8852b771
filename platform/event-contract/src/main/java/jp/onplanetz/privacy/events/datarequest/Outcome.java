package jp.onplanetz.privacy.events.datarequest;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.Optional;

/** What a system did with its part of a request: the outcomes of {@code data-request.task-answered.v1}. */
public enum Outcome {
    /** Carried out. */
    @JsonProperty("completed") COMPLETED("completed"),
    /** The system holds no data of the subject. */
    @JsonProperty("nothing-held") NOTHING_HELD("nothing-held"),
    /** The request type concerns nothing this system does; the detail says why. */
    @JsonProperty("not-applicable") NOT_APPLICABLE("not-applicable"),
    /** Could not be carried out: the task stays open until the system answers otherwise after a re-assignment. */
    @JsonProperty("failed") FAILED("failed");

    private final String code;

    Outcome(String code) {
        this.code = code;
    }

    /** The value the event and data-request-service's tables carry. */
    public String code() {
        return code;
    }

    public static Optional<Outcome> fromCode(String code) {
        return Arrays.stream(values()).filter(o -> o.code.equals(code)).findFirst();
    }

    /** An answer that settles the system's part: everything but a failure. */
    public boolean settles() {
        return this != FAILED;
    }
}
