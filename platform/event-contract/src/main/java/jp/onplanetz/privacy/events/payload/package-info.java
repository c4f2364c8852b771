/**
 * The payload of every event type of {@link jp.onplanetz.privacy.events.EventCatalogue} as a Java record, one per
 * type, named after the event without its version ({@code consent.granted.v1} is {@link ConsentGranted}; a second
 * version gets the suffix, {@link PolicyVersionPublishedV2}). The JSON Schemas stay the published contract: the
 * records are written against them, and a test holds every record to its schema and example. Producers publish
 * these records and consumers read them, so a change of a schema that the code does not follow fails the build.
 *
 * <p>Mapping: a required property is a component that is never null; a property that may be null is a nullable
 * component, written as {@code null}; an optional property that may not be null is left out when null
 * ({@code @JsonInclude(NON_NULL)}). Times are {@code java.time} types, ids of format {@code uuid} are {@link
 * java.util.UUID}, decimals stay the text the schema defines. The two data-request task events have their records in
 * {@code jp.onplanetz.privacy.events.datarequest}.
 */
package jp.onplanetz.privacy.events.payload;
