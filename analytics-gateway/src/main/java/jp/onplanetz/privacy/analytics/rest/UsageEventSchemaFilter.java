package jp.onplanetz.privacy.analytics.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventSchemas;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Documents a usage event in the API as what it is checked against: the published schema of
 * {@code usage.event-recorded.v1} (the ingest validates each event by that schema, over HTTP and Kafka alike), so
 * that the API document and the event catalogue cannot say two things. The batch's size is the ingest's limit as
 * configured when the service is built.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class UsageEventSchemaFilter implements OASFilter {

    /**
     * {@link jp.onplanetz.privacy.analytics.config.AnalyticsConfig.Ingest#maxBatch()}'s key: the document is written at
     * build time, before any mapping exists, so the filter reads the setting itself (application.properties has it).
     */
    private static final String MAX_BATCH_KEY = "privacyops.analytics.ingest.max-batch";

    /** Keywords that name or place a schema document, not what it accepts; a component has its own name. */
    private static final Set<String> DOCUMENT_KEYWORDS = Set.of("$schema", "$id", "title");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        if (schemas.containsKey("IncomingUsageEvent")) {
            openAPI.getComponents().addSchema("IncomingUsageEvent", published());
        }
        Schema batch = schemas.get("Batch");
        if (batch != null && batch.getProperties() != null && batch.getProperties().get("events") != null) {
            int maxBatch = ConfigProvider.getConfig().getValue(MAX_BATCH_KEY, Integer.class);
            batch.getProperties().get("events").minItems(1).maxItems(maxBatch);
            batch.required(List.of("events"));
        }
    }

    private static Schema published() {
        try {
            return schema(new ObjectMapper().readTree(EventSchemas.schemaText(EventCatalogue.USAGE_EVENT_RECORDED)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema schema(JsonNode node) {
        Schema schema = OASFactory.createSchema();
        for (Map.Entry<String, JsonNode> keyword : node.properties()) {
            String name = keyword.getKey();
            JsonNode value = keyword.getValue();
            if (DOCUMENT_KEYWORDS.contains(name)) {
                continue;
            }
            if (name.equals("properties")) {
                Map<String, Schema> properties = new LinkedHashMap<>();
                value.properties().forEach(p -> properties.put(p.getKey(), schema(p.getValue())));
                schema.set(name, properties);
            } else if (name.equals("items") || (name.equals("additionalProperties") && value.isObject())) {
                schema.set(name, schema(value));
            } else {
                schema.set(name, plain(value));
            }
        }
        return schema;
    }

    private static Object plain(JsonNode value) {
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            value.forEach(v -> list.add(plain(v)));
            return list;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue();
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        return value.isNull() ? null : value.asText();
    }
}
