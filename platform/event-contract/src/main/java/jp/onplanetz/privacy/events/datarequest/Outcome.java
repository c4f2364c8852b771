package jp.onplanetz.privacy.events.datarequest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jp.onplanetz.privacy.events.WireCoded;

/** What a system did with its part of a request: the outcomes of {@code data-request.task-answered.v1}. */
public enum Outcome implements WireCoded {
    /** Carried out. */
    @JsonProperty("completed") COMPLETED,
    /** The system holds no data of the subject. */
    @JsonProperty("nothing-held") NOTHING_HELD,
    /** The request type concerns nothing this system does; the detail says why. */
    @JsonProperty("not-applicable") NOT_APPLICABLE,
    /** Could not be carried out: the task stays open until the system answers otherwise after a re-assignment. */
    @JsonProperty("failed") FAILED;

    /** An answer that settles the system's part: everything but a failure. */
    public boolean settles() {
        return this != FAILED;
    }
}
