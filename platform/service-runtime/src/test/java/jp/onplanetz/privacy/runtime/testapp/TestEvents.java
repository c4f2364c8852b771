package jp.onplanetz.privacy.runtime.testapp;

import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.TopicSpec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** An event type and topic of the test application only (not part of the published catalogue). */
public final class TestEvents {
    public static final String TOPIC = "privacy.outbox-test.v1";
    public static final EventType CHANGED = new EventType("outbox-test.changed.v1", TOPIC, "platform-test",
            "a ledger entry was recorded");
    public static final TopicSpec TOPIC_SPEC = new TopicSpec(TOPIC, "test", "subject", 3, "delete",
            Duration.ofDays(1), List.of("platform-test"), List.of("platform-test"), List.of(CHANGED));

    private TestEvents() {
    }

    public static Optional<EventType> byType(String type) {
        return CHANGED.type().equals(type) ? Optional.of(CHANGED) : Optional.empty();
    }
}
