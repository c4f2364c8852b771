package jp.onplanetz.privacy.events.docs;

import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.Services;

import java.util.List;

/**
 * The rules every consumer must follow, written once: both the AsyncAPI description and the README quote
 * these texts, so the two documents cannot tell a consumer different things. Nothing here is specific to
 * one topic or type; those facts come from the catalogue.
 */
final class ConsumerContract {

    static final String BINARY_MODE = "Every record is a CloudEvents 1.0 event in the Kafka protocol binding's"
            + " binary content mode: the record value is the bare JSON payload (no envelope), and the event's"
            + " attributes travel as `ce_`-prefixed Kafka headers, so a consumer can route and deduplicate"
            + " without parsing the payload.";

    static final String KEY_AND_ORDER = "Each topic's record key is given with the topic (for a subject's"
            + " events: the data subject's opaque id, equal to `ce_subject`). Kafka keeps all records of one key"
            + " in one partition, in the order they were written, so one subject's events arrive in the order"
            + " they happened. There is no order across keys.";

    static final String AT_LEAST_ONCE = "Delivery is at least once: after a producer retry or a consumer"
            + " rebalance the same event can arrive again. Deduplicate by `ce_id` (a redelivered event keeps its"
            + " id), and commit an offset only after its event has been applied.";

    static final String DEAD_LETTERS = "A consumer that cannot apply a record (unparseable, failing its schema,"
            + " or refused by the domain) does not stop its partition: it copies the record, key and headers"
            + " unchanged to the dead-letter topic, adds `dead-letter-*` headers saying why and where from, and"
            + " goes on. Operators read dead letters there and replay them by hand.";

    static final String VERSIONING = "Every type and topic name ends in its version (`.vN`). A breaking change"
            + " is never made in place: it is published as a new type `<name>.vN+1` (or, for a change of key or"
            + " partitioning, a new topic `<topic>.vN+1`) beside the old one until its consumers have moved."
            + " Payload schemas forbid unknown fields, so adding a field is a new version too. A consumer skips"
            + " the types it does not handle, since a new version can appear on a topic it already reads.";

    /** One Kafka header of an event and what it means to a consumer. */
    record Header(String name, String meaning) {
    }

    /** Every header of an event record, in the order the documents list them. */
    static final List<Header> HEADERS = List.of(
            new Header(CloudEventHeaders.SPEC_VERSION, "CloudEvents version: always `1.0`."),
            new Header(CloudEventHeaders.ID, "The event's unique id (UUID). A redelivered event keeps it:"
                    + " deduplicate on it."),
            new Header(CloudEventHeaders.SOURCE,
                    "The producing service, as `" + Services.source("<service>") + "`."),
            new Header(CloudEventHeaders.TYPE,
                    "The event type, `" + EventCatalogue.TYPE_PREFIX + "<name>`: route on it."),
            new Header(CloudEventHeaders.SUBJECT, "The data subject's opaque id (never a name or e-mail"
                    + " address); the same as the record key."),
            new Header(CloudEventHeaders.TIME, "When it happened, as an RFC 3339 timestamp."),
            new Header(CloudEventHeaders.DATA_SCHEMA, "The `$id` of the payload's JSON Schema, `"
                    + EventCatalogue.SCHEMA_ID_PREFIX + "<name>.json`: an identifier, not an address promised to"
                    + " resolve; the schema itself is published with this catalogue."),
            new Header(CloudEventHeaders.CONTENT_TYPE, "`application/json`: the record value is the payload."));

    private ConsumerContract() {
    }

    /** The rules as CommonMark paragraphs, in reading order. */
    static List<String> rules() {
        return List.of(BINARY_MODE, KEY_AND_ORDER, AT_LEAST_ONCE, DEAD_LETTERS, VERSIONING);
    }
}
