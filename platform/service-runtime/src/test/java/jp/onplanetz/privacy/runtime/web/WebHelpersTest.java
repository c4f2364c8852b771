package jp.onplanetz.privacy.runtime.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The web helpers as a client meets them, on the test application's {@code /test/web} endpoints. */
@QuarkusTest
class WebHelpersTest {

    @Test
    void aPageSaysWhichPageItIsAndHowManyItemsThereAreInAll() {
        given().queryParam("page", 1).queryParam("size", 3).when().get("/test/web/numbers").then().statusCode(200)
                .body("items", equalTo(List.of(4, 5, 6))).body("page", equalTo(1)).body("size", equalTo(3))
                .body("total", equalTo(7));
    }

    @Test
    void aPageIsTheFirstOfFiftyWhenNotAskedOtherwise() {
        given().when().get("/test/web/numbers").then().statusCode(200)
                .body("page", equalTo(0)).body("size", equalTo(50)).body("items.size()", equalTo(7));
    }

    @Test
    void anUncountedPageLeavesTheTotalOut() {
        given().queryParam("size", 5).when().get("/test/web/numbers/uncounted").then().statusCode(200)
                .body("items", equalTo(List.of(1, 2, 3, 4, 5))).body("$", not(hasKey("total")));
    }

    @ParameterizedTest(name = "[{index}] {0}?{1} is refused naming {2}")
    @CsvSource(delimiter = '|', value = {
            "numbers           | size=501 | size",
            "numbers           | size=0   | size",
            "numbers           | page=-1  | page",
            "numbers/uncounted | size=201 | size",
            "numbers/uncounted | page=-1  | page"})
    void pagingOutOfRangeIsAProblemNamingTheParameter(String path, String query, String name) {
        given().when().get("/test/web/" + path + "?" + query).then().statusCode(400)
                .contentType("application/problem+json").body("invalid-params[0].name", equalTo(name));
    }

    @Test
    void theLargerPagesAreServedWhereAllowed() {
        given().queryParam("size", 500).when().get("/test/web/numbers").then().statusCode(200);
        given().queryParam("size", 200).when().get("/test/web/numbers/uncounted").then().statusCode(200);
    }

    @ParameterizedTest(name = "[{index}] Accept: {0} gets {1}")
    @CsvSource(delimiter = '|', value = {
            "*/*                                          | application/json",
            "application/json                             | application/json",
            "text/csv                                     | text/csv",
            "text/*                                       | text/csv",
            "text/html,application/xhtml+xml,*/*;q=0.8    | application/json",
            "application/json;q=0.5, text/csv             | text/csv",
            "text/csv;q=0.5, application/json             | application/json"})
    void anExportIsJsonUnlessCsvIsPreferred(String accept, String type) {
        Response answer = given().header("Accept", accept).queryParam("name", "numbers").when().get("/test/web/export");
        answer.then().statusCode(200);
        assertThat(answer.getContentType()).startsWith(type);
    }

    @Test
    void aCsvExportIsAFileOfUtf8WithItsName() {
        Response answer = given().header("Accept", "text/csv").queryParam("name", "numbers of 2026/12").when()
                .get("/test/web/export");
        answer.then().statusCode(200).header("Content-Type", "text/csv;charset=UTF-8")
                // the slash and spaces cannot name a path or break the header
                .header("Content-Disposition", "attachment; filename=\"numbers_of_2026_12.csv\"");
        assertThat(answer.asString()).isEqualTo("n\r\n1\r\n2\r\n3\r\n4\r\n5\r\n6\r\n7\r\n");
    }

    @Test
    void aJsonExportIsNotAnAttachment() {
        given().header("Accept", "application/json").queryParam("name", "numbers").when().get("/test/web/export")
                .then().statusCode(200).header("Content-Disposition", nullValue()).body("size()", equalTo(7));
    }

    @ParameterizedTest(name = "[{index}] Accept: {0} gets {1}")
    @CsvSource(delimiter = '|', value = {
            // a browser's Accept: nothing it names first is offered, so its */* takes the endpoint's first type
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | text/markdown",
            "*/*                                                             | text/markdown",
            "application/json                                                | application/json",
            "image/png, application/json;q=0.1                               | application/json"})
    void aNoticeIsItsFirstTypeForAnyCallerAndWhatACallerNamesOtherwise(String accept, String type) {
        Response answer = given().header("Accept", accept).when().get("/test/web/notice");
        answer.then().statusCode(200);
        assertThat(answer.getContentType()).startsWith(type);
    }

    @Test
    void aTypeNotOfferedIsA406Problem() {
        given().header("Accept", "image/png").when().get("/test/web/notice").then().statusCode(406)
                .contentType("application/problem+json");
    }

    @Test
    void aPeriodEndingBeforeItStartsIsRefusedNamingTo() {
        given().queryParam("from", "2026-12-05").queryParam("to", "2026-12-04").when().get("/test/web/period")
                .then().statusCode(400).contentType("application/problem+json")
                .body("invalid-params[0].name", equalTo("to"));
        given().queryParam("from", "2026-12-04").queryParam("to", "2026-12-04").when().get("/test/web/period")
                .then().statusCode(200);
        given().queryParam("to", "2026-12-04").when().get("/test/web/period").then().statusCode(200);
    }

    @Test
    void aCreatedResourceIsFoundBelowTheCollection() {
        given().when().post("/test/web/numbers").then().statusCode(201)
                .header("Location", endsWith("/test/web/numbers/8")).body("n", equalTo(8));
    }
}
