package jp.onplanetz.privacy.events.docs;

import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.events.TopicSpec;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The human-readable catalogue, {@code docs/events/README.md}: how to consume, every topic, and every event
 * type with its schema and an example. Made from {@link EventCatalogue} like the AsyncAPI document, so the
 * two always agree.
 */
public final class TopicCatalogueMarkdown {

    private TopicCatalogueMarkdown() {
    }

    public static String render() {
        StringBuilder md = new StringBuilder();
        intro(md);
        changes(md);
        topics(md);
        retired(md);
        eventTypes(md);
        return md.toString();
    }

    private static void intro(StringBuilder md) {
        md.append("# ").append(AsyncApiDocument.TITLE).append("\n\n");
        md.append("<!-- Generated from EventCatalogue: edit the catalogue, not this file, then run\n     ")
                .append(GenerateEventDocs.REGENERATE_COMMAND).append(" -->\n\n");
        md.append("Catalogue version ").append(EventCatalogue.CATALOGUE_VERSION)
                .append(". The same contract, machine-readable: [asyncapi.json](asyncapi.json) (AsyncAPI ")
                .append(AsyncApiDocument.ASYNCAPI_VERSION).append("); every payload's JSON Schema is in [")
                .append(GenerateEventDocs.SCHEMAS_DIR).append("/](").append(GenerateEventDocs.SCHEMAS_DIR)
                .append("/).\n\n");
        md.append("## How to consume\n\n");
        for (String rule : ConsumerContract.rules()) {
            md.append(rule).append("\n\n");
        }
        md.append("### Headers of every event\n\n");
        table(md, List.of("Header", "Meaning"), ConsumerContract.HEADERS.stream()
                .map(h -> List.of(code(h.name()), h.meaning())).toList());
        md.append("### Headers added to a dead letter\n\n");
        md.append("Beside the original record's own headers, which are kept:\n\n");
        table(md, List.of("Header", "Meaning", "Always present"), EventCatalogue.DEAD_LETTER_HEADERS.stream()
                .map(h -> List.of(code(h.name()), h.meaning(), h.alwaysPresent() ? "yes" : "no")).toList());
    }

    private static void changes(StringBuilder md) {
        md.append("## Changes\n\n");
        for (EventCatalogue.Change change : EventCatalogue.CHANGES) {
            md.append("- ").append(change.version()).append(": ").append(change.summary()).append("\n");
        }
        md.append("\n");
    }

    private static void topics(StringBuilder md) {
        md.append("## Topics\n\n");
        table(md, List.of("Topic", "What flows", "Key", "Partitions", "Cleanup", "Retention", "Producers",
                "Consumers", "Event types"), EventCatalogue.topics().stream().map(t -> List.of(
                        code(t.name()), t.description(), t.key(), Integer.toString(t.partitions()),
                        t.cleanupPolicy(), retention(t.retention()), list(t.producers()), list(t.consumers()),
                        eventTypes(t))).toList());
    }

    private static void eventTypes(StringBuilder md) {
        md.append("## Event types\n");
        for (EventType<?> type : EventCatalogue.eventTypes()) {
            String schema = GenerateEventDocs.schemaPath(type);
            md.append("\n### ").append(type.name()).append("\n\n");
            md.append(type.description()).append("\n\n");
            table(md, List.of("Attribute", "Value"), List.of(
                    List.of("Type (`ce_type`)", code(type.type())),
                    List.of("Topic", code(type.topic())),
                    List.of("Record key", EventCatalogue.topic(type.topic()).orElseThrow().key()),
                    List.of("Producer (`ce_source`)",
                            type.producer().equals(Services.EACH_DATA_HOLDER)
                                    ? type.producer() + ": each answering system, under its own source (" + code("/privacy-ops/<system>") + ")"
                                    : type.producer() + " (" + code(Services.source(type.producer())) + ")"),
                    List.of("Schema id (`ce_dataschema`)", code(type.dataSchema())),
                    List.of("Schema", "[" + schema + "](" + schema + ")")));
            md.append("Example payload:\n\n```json\n").append(EventSchemas.exampleText(type).strip())
                    .append("\n```\n\n");
            md.append("Headers of that record:\n\n```json\n")
                    .append(DocJson.render(EventRecordHeaders.example(type)).strip()).append("\n```\n");
        }
    }

    /** What is no longer written, still described: a reader may hold records of it. */
    private static void retired(StringBuilder md) {
        md.append("## Retired\n\n");
        md.append("No service writes or reads these any more and no broker creates their topics; their schemas stay"
                + " published for records written before.\n\n");
        table(md, List.of("Topic", "Event types (schemas)", "Retired in", "Why", "What flowed", "Key"),
                EventCatalogue.RETIRED.stream().map(r -> List.of(code(r.topic().name()),
                        r.topic().eventTypes().stream().map(t -> "[" + code(t.name()) + "]("
                                + GenerateEventDocs.schemaPath(t) + "): " + t.description())
                                .collect(Collectors.joining("; ")),
                        r.version(), r.why(), r.topic().description(), r.topic().key())).toList());
    }

    private static String eventTypes(TopicSpec topic) {
        if (AsyncApiDocument.carriesOtherTopicsRecords(topic)) {
            return "none of its own: the original records of the other topics";
        }
        if (AsyncApiDocument.holdsInternalState(topic)) {
            return "none: internal state, plain values without CloudEvents headers";
        }
        return topic.eventTypes().stream().map(t -> code(t.name())).collect(Collectors.joining(", "));
    }

    /** Retention in the unit people set it in; Kafka's own -1 would mean nothing to a reader. */
    static String retention(Duration retention) {
        if (retention == null) {
            return "forever";
        }
        if (retention.toDays() > 0 && retention.equals(Duration.ofDays(retention.toDays()))) {
            return retention.toDays() == 1 ? "1 day" : retention.toDays() + " days";
        }
        if (retention.toHours() > 0 && retention.equals(Duration.ofHours(retention.toHours()))) {
            return retention.toHours() == 1 ? "1 hour" : retention.toHours() + " hours";
        }
        return retention.toMillis() + " ms";
    }

    private static String list(List<String> names) {
        return names.isEmpty() ? "none yet" : String.join(", ", names);
    }

    private static String code(String text) {
        return "`" + text + "`";
    }

    private static void table(StringBuilder md, List<String> header, List<List<String>> rows) {
        row(md, header);
        row(md, header.stream().map(h -> "---").toList());
        rows.forEach(r -> row(md, r));
        md.append("\n");
    }

    /** A cell must stay on one line and must not end the cell early. */
    private static void row(StringBuilder md, List<String> cells) {
        md.append("| ").append(cells.stream().map(c -> c.replace("|", "\\|").replace("\n", " "))
                .collect(Collectors.joining(" | "))).append(" |\n");
    }
}
