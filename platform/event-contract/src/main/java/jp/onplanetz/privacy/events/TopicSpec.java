package jp.onplanetz.privacy.events;

import java.time.Duration;
import java.util.List;

/**
 * What a consumer outside this project must know about one topic. The broker's topic configuration
 * (locally, and the Strimzi {@code KafkaTopic} resources in production) is made from this record.
 *
 * @param name versioned topic name
 * @param description what flows here
 * @param key what the Kafka record key is
 * @param partitions partition count
 * @param cleanupPolicy {@code delete} or {@code compact}
 * @param retention how long records are kept ({@code null}: forever)
 * @param producers services that write to it
 * @param consumers services (and known outside systems) that read it
 * @param eventTypes every type of event that may appear on it
 */
public record TopicSpec(String name, String description, String key, int partitions, String cleanupPolicy,
        Duration retention, List<String> producers, List<String> consumers, List<EventType<?>> eventTypes) {

    public TopicSpec {
        producers = List.copyOf(producers);
        consumers = List.copyOf(consumers);
        eventTypes = List.copyOf(eventTypes);
        for (EventType<?> t : eventTypes) {
            if (!t.topic().equals(name)) {
                throw new IllegalArgumentException(t.name() + " is published to " + t.topic() + ", not " + name);
            }
        }
    }

    /** {@code retention.ms} as Kafka takes it: -1 keeps records forever. */
    public long retentionMs() {
        return retention == null ? -1 : retention.toMillis();
    }
}
