package jp.onplanetz.privacy.testinfra;

import java.util.Map;

/**
 * A record as read from the broker, in plain Java types (not Kafka's), so that it crosses from this
 * module's class loader into a Quarkus test's without clashes.
 */
public record TopicRecord(String topic, int partition, long offset, String key, String value, Map<String, String> headers) {

    /** A header's value, or null. */
    public String header(String name) {
        return headers.get(name);
    }
}
