package jp.onplanetz.privacy.events;

import java.util.Objects;

/**
 * One versioned kind of event. The CloudEvents {@code type} is {@link #type()}; a breaking change to the
 * payload is a new type with the next version suffix, published beside the old one until its consumers
 * have moved.
 *
 * @param name short name without the common prefix, e.g. {@code consent.granted.v1}
 * @param topic the topic it is published to
 * @param producer the service that publishes it (its CloudEvents {@code source})
 * @param description what happened, for consumers outside this project
 * @param payloadType the Java record its payload is written from and read into (see the {@code payload} package),
 *                    held to the published JSON Schema by a test
 * @param <P> the payload's type
 */
public record EventType<P>(String name, String topic, String producer, String description, Class<P> payloadType) {

    public EventType {
        Objects.requireNonNull(name);
        Objects.requireNonNull(topic);
        Objects.requireNonNull(producer);
        Objects.requireNonNull(payloadType);
        if (!name.matches("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+\\.v[0-9]+")) {
            throw new IllegalArgumentException("event name must be dotted and end in .vN: " + name);
        }
        IdentifierUris.requireValid("the dataschema of " + name, dataSchemaOf(name));
    }

    /** The CloudEvents {@code type} attribute. */
    public String type() {
        return EventCatalogue.TYPE_PREFIX + name;
    }

    /** The CloudEvents {@code dataschema} attribute: the id of the payload's JSON Schema. */
    public String dataSchema() {
        return dataSchemaOf(name);
    }

    private static String dataSchemaOf(String name) {
        return EventCatalogue.SCHEMA_ID_PREFIX + name + ".json";
    }

    /** The schema's resource path in this jar. */
    public String schemaResource() {
        return "/jp/onplanetz/privacy/events/schemas/" + name + ".json";
    }

    /** A valid example payload's resource path in this jar (checked against the schema by a test). */
    public String exampleResource() {
        return "/jp/onplanetz/privacy/events/examples/" + name + ".json";
    }

    /** The version number at the end of the name. */
    public int version() {
        return Integer.parseInt(name.substring(name.lastIndexOf(".v") + 2));
    }
}
