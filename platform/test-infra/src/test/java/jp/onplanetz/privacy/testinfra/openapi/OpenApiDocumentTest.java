package jp.onplanetz.privacy.testinfra.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiDocumentTest {

    /** A document shaped like the services' own; {@code /api/v1/legacy} documents 200 with an empty schema. */
    private static final String DOCUMENT = """
            {"openapi":"3.1.0","paths":{
              "/api/v1/records/provisions":{"post":{"responses":{
                "201":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/AppendedView"}}}},
                "400":{"content":{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}}}}},
              "/api/v1/records/export":{"get":{"responses":{"200":{"content":{"text/csv":{"schema":{"type":"string"}}}}}}},
              "/api/v1/records/{recordId}":{"get":{"responses":{"200":{"content":{"application/json":{"schema":{"type":"object"}}}}}}},
              "/api/v1/legacy":{"post":{"responses":{"200":{"content":{"application/json":{"schema":{}}}}}}}},
             "components":{"schemas":{
              "AppendedView":{"type":"object","required":["recordId"],"properties":{"recordId":{"type":"string"},"seq":{"type":"integer"}}},
              "Problem":{"type":"object","required":["type","status"],"properties":{"type":{"type":"string"},"status":{"type":"integer"}}}}}}
            """;

    private final OpenApiDocument document;

    OpenApiDocumentTest() throws Exception {
        document = new OpenApiDocument(new ObjectMapper().readTree(DOCUMENT));
    }

    @Test
    void aSuccessStatusTheOperationDoesNotDocumentIsReported() {
        assertThat(document.check("POST", "/api/v1/legacy", 201, "application/json", "{}"))
                .singleElement().asString().contains("POST /api/v1/legacy answered 201").contains("[200]");
    }

    @Test
    void aBodyTheDocumentedSchemaRefusesIsReportedWithRefsResolvedInTheDocument() {
        assertThat(document.check("POST", "/api/v1/records/provisions", 201, "application/json", "{\"seq\":\"one\"}"))
                .hasSize(2);
        assertThat(document.check("POST", "/api/v1/records/provisions", 201, "application/json;charset=UTF-8",
                "{\"recordId\":\"r\",\"seq\":1}")).isEmpty();
    }

    @Test
    void aProblemAnswerIsHeldToTheProblemSchema() {
        assertThat(document.check("POST", "/api/v1/records/provisions", 400, "application/problem+json",
                "{\"status\":400}")).hasSize(1);
        assertThat(document.check("POST", "/api/v1/records/provisions", 400, "application/problem+json",
                "{\"type\":\"urn:x\",\"status\":400}")).isEmpty();
    }

    @Test
    void aLiteralPathWinsOverATemplateAndTextBodiesAreNotParsed() {
        assertThat(document.operation("GET", "/api/v1/records/export")).get()
                .extracting(OpenApiDocument.Operation::path).isEqualTo("/api/v1/records/export");
        assertThat(document.operation("GET", "/api/v1/records/3f2a")).get()
                .extracting(OpenApiDocument.Operation::path).isEqualTo("/api/v1/records/{recordId}");
        assertThat(document.check("GET", "/api/v1/records/export", 200, "text/csv", "a,b\n1,2\n")).isEmpty();
        assertThat(document.check("GET", "/api/v1/records/export", 200, "application/json", "[]"))
                .singleElement().asString().contains("does not list");
    }

    @Test
    void aPathTheDocumentDoesNotHaveIsNotJudged() {
        assertThat(document.check("GET", "/q/health", 200, "application/json", "{}")).isEmpty();
    }
}
