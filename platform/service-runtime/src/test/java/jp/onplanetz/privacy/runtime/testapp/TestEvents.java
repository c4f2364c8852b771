package jp.onplanetz.privacy.runtime.testapp;

import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.TopicSpec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Event types and a topic of the test application only (not part of the published catalogue). */
public final class TestEvents {
    public static final String TOPIC = "privacy.outbox-test.v1";
    public static final EventType<Changed> CHANGED = new EventType<>("outbox-test.changed.v1", TOPIC, "platform-test",
            "a ledger entry was recorded", Changed.class);
    /** A type of the topic the ledger projection has no handler for. */
    public static final EventType<Noted> NOTED = new EventType<>("outbox-test.noted.v1", TOPIC, "platform-test",
            "a note about a subject, not the ledger's to apply", Noted.class);
    public static final TopicSpec TOPIC_SPEC = new TopicSpec(TOPIC, "test", "subject", 3, "delete",
            Duration.ofDays(1), List.of("platform-test"), List.of("platform-test"), List.of(CHANGED, NOTED));

    /** The payload of {@link #CHANGED}; the entry id is text so that a test can publish one that is no UUID. */
    public record Changed(String entryId, String subjectId, int n, int amount) {
    }

    public record Noted(String subjectId) {
    }

    private TestEvents() {
    }

    public static Optional<EventType<?>> byType(String type) {
        return TOPIC_SPEC.eventTypes().stream().filter(t -> t.type().equals(type)).findFirst();
    }
}
