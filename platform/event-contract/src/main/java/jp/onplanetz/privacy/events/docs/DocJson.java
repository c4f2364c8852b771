package jp.onplanetz.privacy.events.docs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;

/**
 * Reading and writing the JSON of the generated documents. The output must be byte-for-byte the same on
 * every machine (a test compares it with the committed files), so the layout is fixed here rather than
 * left to Jackson's defaults, which use the platform line separator.
 */
final class DocJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DefaultIndenter TWO_SPACES_LF = new DefaultIndenter("  ", "\n");
    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withObjectIndenter(TWO_SPACES_LF)
            .withArrayIndenter(TWO_SPACES_LF);

    private DocJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pretty printed, two-space indented, keys in insertion order, LF line ends and a final newline. */
    static String render(JsonNode node) {
        try {
            return MAPPER.writer(PRINTER).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
