package jp.onplanetz.privacy.events.docs;

import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventSchemas;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.TopicSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TopicCatalogueMarkdownTest {

    private static final String README = TopicCatalogueMarkdown.render();

    static List<TopicSpec> topics() {
        return EventCatalogue.topics();
    }

    static List<EventType<?>> eventTypes() {
        return EventCatalogue.eventTypes();
    }

    @Test
    void saysHowToConsumeAndHowToRegenerate() {
        for (String rule : ConsumerContract.rules()) {
            assertThat(README).contains(rule);
        }
        for (ConsumerContract.Header header : ConsumerContract.HEADERS) {
            assertThat(README).contains("| `" + header.name() + "` |");
        }
        for (EventCatalogue.DeadLetterHeader header : EventCatalogue.DEAD_LETTER_HEADERS) {
            assertThat(README).contains("| `" + header.name() + "` |");
        }
        assertThat(README).contains(GenerateEventDocs.REGENERATE_COMMAND).endsWith("```\n");
    }

    @Test
    void listsWhatEachCatalogueVersionChanged() {
        assertThat(README).contains("Catalogue version " + EventCatalogue.CATALOGUE_VERSION + ".", "\n## Changes\n");
        for (EventCatalogue.Change change : EventCatalogue.CHANGES) {
            assertThat(README).contains("- " + change.version() + ": " + change.summary() + "\n");
        }
    }

    @ParameterizedTest
    @MethodSource("topics")
    void everyTopicHasARowWithItsSettings(TopicSpec topic) {
        String row = README.lines().filter(l -> l.startsWith("| `" + topic.name() + "` |")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + topic.name()));
        assertThat(row).contains("| " + topic.partitions() + " |", "| " + topic.cleanupPolicy() + " |",
                "| " + TopicCatalogueMarkdown.retention(topic.retention()) + " |", topic.key());
        topic.producers().forEach(p -> assertThat(row).contains(p));
        topic.consumers().forEach(c -> assertThat(row).contains(c));
        topic.eventTypes().forEach(t -> assertThat(row).contains("`" + t.name() + "`"));
    }

    @Test
    void aRetiredTopicKeepsARowWithItsTypesSchemasAndWhyButNoSectionOrTopicRow() {
        assertThat(EventCatalogue.RETIRED).isNotEmpty();
        for (EventCatalogue.Retirement retired : EventCatalogue.RETIRED) {
            assertThat(EventCatalogue.topics()).doesNotContain(retired.topic());
            String row = README.lines().filter(l -> l.startsWith("| `" + retired.topic().name() + "` |")).toList()
                    .stream().reduce((a, b) -> { throw new AssertionError("two rows for " + retired.topic().name()); })
                    .orElseThrow(() -> new AssertionError("no row for " + retired.topic().name()));
            assertThat(row).contains("| " + retired.version() + " |", retired.why());
            for (EventType<?> type : retired.topic().eventTypes()) {
                String schema = GenerateEventDocs.schemaPath(type);
                assertThat(row).contains("[`" + type.name() + "`](" + schema + ")");
                assertThat(GenerateEventDocs.files()).containsKey(schema);
                assertThat(README).doesNotContain("\n### " + type.name() + "\n");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void everyEventTypeHasASectionWithSchemaLinkAndExample(EventType<?> type) {
        int start = README.indexOf("\n### " + type.name() + "\n");
        assertThat(start).as("section of %s", type.name()).isNotNegative();
        int end = README.indexOf("\n### ", start + 1);
        String section = README.substring(start, end < 0 ? README.length() : end);
        String schema = "schemas/" + type.name() + ".json";
        assertThat(section).contains(type.description(), "`" + type.type() + "`", "`" + type.topic() + "`",
                type.producer(), "`" + type.dataSchema() + "`", "[" + schema + "](" + schema + ")",
                "```json\n" + EventSchemas.exampleText(type).strip() + "\n```");
    }

    @Test
    void retentionIsShownInTheUnitItWasSetIn() {
        assertThat(TopicCatalogueMarkdown.retention(null)).isEqualTo("forever");
        assertThat(TopicCatalogueMarkdown.retention(Duration.ofDays(1))).isEqualTo("1 day");
        assertThat(TopicCatalogueMarkdown.retention(Duration.ofDays(400))).isEqualTo("400 days");
        assertThat(TopicCatalogueMarkdown.retention(Duration.ofHours(36))).isEqualTo("36 hours");
        assertThat(TopicCatalogueMarkdown.retention(Duration.ofSeconds(90))).isEqualTo("90000 ms");
    }
}
