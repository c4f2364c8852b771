package jp.onplanetz.privacy.disclosurelog.rest;

import io.quarkus.test.junit.QuarkusTest;
import jp.onplanetz.privacy.disclosurelog.support.Callers;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.TestTokens;
import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.disclosurelog.support.Callers.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class JointUseResourceTest {

    private static final String PATH = "/api/v1/joint-uses";
    private static final String NOTICE = PATH + "/notice";
    /** The register's calendar (privacyops.disclosure-log.zone's default). */
    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

    private static LocalDate today() {
        return LocalDate.now(ZONE);
    }

    private static String newTitle() {
        return "Group customer support " + UUID.randomUUID();
    }

    /** A valid notice field by field as raw JSON values, starting {@code startsInDays} days from today. */
    private static Map<String, String> fields(String title, long startsInDays) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("title", "\"" + title + "\"");
        fields.put("dataItems", "[\"name\", \"e-mail address\", \"purchase history\"]");
        fields.put("jointUsersScope", "\"Onplanetz Co., Ltd. and the group companies listed at https://onplanetz.example/group\"");
        fields.put("purposes", "\"Answering inquiries about any group company's services from one support desk\"");
        fields.put("responsibleName", "\"Onplanetz Co., Ltd.\"");
        fields.put("responsibleAddress", "\"1-2-3 Shibuya, Shibuya-ku, Tokyo\"");
        fields.put("responsibleRepresentative", "\"Hanako Sato, CEO\"");
        fields.put("startsOn", "\"" + today().plusDays(startsInDays) + "\"");
        return fields;
    }

    private static String json(Map<String, String> fields) {
        return fields.entrySet().stream().map(f -> "\"" + f.getKey() + "\": " + f.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String entry(String title, long startsInDays) {
        return json(fields(title, startsInDays));
    }

    private static String replacement(String title, String supersedes) {
        Map<String, String> fields = fields(title, 14);
        fields.put("purposes", "\"Answering inquiries, and improving the group's services from what they ask\"");
        fields.put("supersedes", "\"" + supersedes + "\"");
        return json(fields);
    }

    @Test
    void theOfficerPublishesAJointUseAndOperatorsReadIt() {
        String title = newTitle();
        OffsetDateTime before = OffsetDateTime.now();
        var created = given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body(entry(title, 30))
                .when().post(PATH)
                .then().statusCode(201)
                .body("title", equalTo(title))
                .body("dataItems", equalTo(List.of("name", "e-mail address", "purchase history")))
                .body("responsibleName", equalTo("Onplanetz Co., Ltd."))
                .body("responsibleRepresentative", equalTo("Hanako Sato, CEO"))
                .body("startsOn", equalTo(today().plusDays(30).toString()))
                .body("supersedes", nullValue())
                .body("supersededBy", nullValue())
                .body("createdBy", equalTo(LocalIdentities.OFFICER_SUBJECT_ID))
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith(PATH + "/" + id);
        assertThat(OffsetDateTime.parse(created.path("publishedAt"))).isBetween(before.minusSeconds(1), OffsetDateTime.now().plusSeconds(1));

        given().auth().oauth2(TestTokens.operator()).when().get(created.header("Location"))
                .then().statusCode(200).body("id", equalTo(id)).body("title", equalTo(title))
                .body("jointUsersScope", equalTo("Onplanetz Co., Ltd. and the group companies listed at https://onplanetz.example/group"))
                .body("purposes", equalTo("Answering inquiries about any group company's services from one support desk"))
                .body("responsibleAddress", equalTo("1-2-3 Shibuya, Shibuya-ku, Tokyo"));
        assertThat(count("select count(*) from joint_use where id = ?", UUID.fromString(id))).isOne();
    }

    @Test
    void anIndividualResponsibleHasNoRepresentativeAndAnItemNamedTwiceIsOneItem() {
        Map<String, String> fields = fields(newTitle(), 0);
        fields.remove("responsibleRepresentative");
        fields.put("responsibleName", "\"Ichiro Tanaka\"");
        fields.put("dataItems", "[\"name\", \"postal address\", \"name\"]");
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(json(fields))
                .when().post(PATH).then().statusCode(201)
                .body("responsibleRepresentative", nullValue())
                .body("dataItems", equalTo(List.of("name", "postal address")));
    }

    @Test
    void theNoticeStatesEveryRequiredElementOfEachCurrentArrangement() {
        String upcoming = newTitle();
        register(upcoming, 30);
        String started = newTitle();
        Map<String, String> individual = fields(started, 0);
        individual.remove("responsibleRepresentative");
        individual.put("responsibleName", "\"Ichiro Tanaka\"");
        individual.put("responsibleAddress", "\"4-5-6 Umeda, Kita-ku, Osaka\"");
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(json(individual))
                .when().post(PATH).then().statusCode(201);

        String md = given().accept("text/markdown").when().get(NOTICE)
                .then().statusCode(200).contentType("text/markdown").extract().asString();
        assertThat(md).startsWith("# Joint use of personal data\n")
                .contains("Article 27(5)(iii)")
                .contains("As of " + today() + "; dates are in the calendar of Asia/Tokyo.");

        assertThat(section(md, upcoming))
                // announced ahead of its start
                .contains("From " + today().plusDays(30) + ". This joint use has not started yet.")
                // the items
                .contains("The items of personal data used jointly are:\n\n- name\n- e-mail address\n- purchase history\n")
                // the scope of the joint users
                .contains("They are used jointly by: Onplanetz Co., Ltd. and the group companies listed at "
                        + "https://onplanetz.example/group.")
                // their purposes
                .contains("The joint users use them for: Answering inquiries about any group company's services from "
                        + "one support desk.")
                // the person responsible, a corporation with its representative
                .contains("The person responsible for managing them is Onplanetz Co., Ltd., 1-2-3 Shibuya, "
                        + "Shibuya-ku, Tokyo, represented by Hanako Sato, CEO.")
                .contains("Published on " + today() + ".");
        assertThat(section(md, started))
                .contains("In effect since " + today() + ".")
                .contains("The person responsible for managing them is Ichiro Tanaka, 4-5-6 Umeda, Kita-ku, Osaka.")
                .doesNotContain("represented by")
                .doesNotContain("not started");
    }

    @Test
    void theNoticeAsJsonHasTheSameElementsAndNotWhoEnteredThem() {
        String title = newTitle();
        String id = register(title, 7);
        Map<String, Object> arrangement = given().accept(ContentType.JSON).when().get(NOTICE)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("asOf", equalTo(today().toString()))
                .body("zone", equalTo("Asia/Tokyo"))
                .extract().path("arrangements.find { it.id == '%s' }".formatted(id));
        assertThat(arrangement)
                .containsEntry("title", title)
                .containsEntry("dataItems", List.of("name", "e-mail address", "purchase history"))
                .containsEntry("jointUsersScope", "Onplanetz Co., Ltd. and the group companies listed at https://onplanetz.example/group")
                .containsEntry("purposes", "Answering inquiries about any group company's services from one support desk")
                .containsEntry("responsibleName", "Onplanetz Co., Ltd.")
                .containsEntry("responsibleAddress", "1-2-3 Shibuya, Shibuya-ku, Tokyo")
                .containsEntry("responsibleRepresentative", "Hanako Sato, CEO")
                .containsEntry("startsOn", today().plusDays(7).toString())
                .containsEntry("started", false)
                .containsEntry("publishedOn", today().toString())
                .doesNotContainKeys("createdBy", "publishedAt");
    }

    @ParameterizedTest(name = "Accept: {0}")
    @CsvSource(delimiter = '|', value = {
            "-                                 | 200 | text/markdown",
            "*/*                               | 200 | text/markdown",
            "text/markdown                     | 200 | text/markdown",
            "text/plain                        | 200 | text/plain",
            "application/json                  | 200 | application/json",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | 200 | text/markdown",
            "application/json;q=0.5, text/markdown | 200 | text/markdown",
            "application/xml                   | 406 | application/problem+json",
    })
    void theNoticeIsNegotiated(String accept, int status, String contentType) {
        RequestSpecification request = given();
        if (!accept.equals("-")) {
            request.header("Accept", accept);
        }
        Response response = request.when().get(NOTICE);
        response.then().statusCode(status);
        assertThat(response.contentType()).startsWith(contentType);
        if (status == 200) {
            // a cache must not hand the JSON to a browser that asked for anything
            assertThat(response.header("Vary")).containsIgnoringCase("Accept");
        }
        if (status == 200 && contentType.startsWith("text/")) {
            assertThat(response.contentType()).containsIgnoringCase("charset=UTF-8");
            assertThat(response.asString()).startsWith("# Joint use of personal data\n");
        }
    }

    @Test
    void theNoticeWantsNoTokenButRefusesABadOne() {
        given().when().get(NOTICE).then().statusCode(200);
        // the token is checked before any endpoint is chosen: a forged or expired one is never ignored
        given().auth().oauth2("not-a-jwt").when().get(NOTICE)
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aChangeSupersedesTheCurrentEntryAndOnlyTheChangeIsOnTheNotice() {
        String oldTitle = newTitle();
        String old = register(oldTitle, 10);
        String newTitle = newTitle();
        String changed = given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body(replacement(newTitle, old))
                .when().post(PATH).then().statusCode(201)
                .body("supersedes", equalTo(old)).body("supersededBy", nullValue())
                .extract().path("id");

        // the old entry stays on record, marked as replaced
        given().auth().oauth2(TestTokens.operator()).when().get(PATH + "/" + old)
                .then().statusCode(200).body("title", equalTo(oldTitle)).body("supersededBy", equalTo(changed));
        given().auth().oauth2(TestTokens.operator()).when().get(PATH + "/" + changed)
                .then().statusCode(200).body("supersedes", equalTo(old)).body("supersededBy", nullValue());

        String md = given().when().get(NOTICE).then().statusCode(200).extract().asString();
        assertThat(md).contains("## " + newTitle + "\n").doesNotContain(oldTitle)
                .contains("Answering inquiries, and improving the group's services from what they ask.");
        List<String> ids = given().accept(ContentType.JSON).when().get(NOTICE).then().statusCode(200)
                .extract().path("arrangements.id");
        assertThat(ids).contains(changed).doesNotContain(old);

        // a change of the change supersedes the change
        String third = given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body(replacement(newTitle(), changed)).when().post(PATH).then().statusCode(201).extract().path("id");
        List<String> now = given().accept(ContentType.JSON).when().get(NOTICE).then().extract().path("arrangements.id");
        assertThat(now).contains(third).doesNotContain(old, changed);
    }

    @Test
    void anEntryAlreadySupersededCannotBeSupersededAgain() {
        String old = register(newTitle(), 10);
        String changed = given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body(replacement(newTitle(), old)).when().post(PATH).then().statusCode(201).extract().path("id");
        long before = count("select count(*) from joint_use");
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body(replacement(newTitle(), old)).when().post(PATH)
                .then().statusCode(409).contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("supersededBy", equalTo(changed));
        assertThat(count("select count(*) from joint_use")).isEqualTo(before);
    }

    @Test
    void simultaneousChangesOfOneEntryLeaveOneSuccessor() throws Exception {
        String old = register(newTitle(), 10);
        String token = TestTokens.privacyOfficer();
        int n = 4;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Callable<Integer>> posts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String body = replacement(newTitle(), old);
                posts.add(() -> given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                        .when().post(PATH).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(posts)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(201, 409).containsOnlyOnce(201);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("select count(*) from joint_use where supersedes = ?", UUID.fromString(old))).isOne();
    }

    @Test
    void supersedingAnUnknownEntryIsAProblemNamingTheField() {
        long before = count("select count(*) from joint_use");
        Map<String, String> fields = fields(newTitle(), 10);
        fields.put("supersedes", "\"" + UUID.randomUUID() + "\"");
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(json(fields))
                .when().post(PATH)
                .then().statusCode(422).contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("invalid-params.name", equalTo(List.of("supersedes")));
        assertThat(count("select count(*) from joint_use")).isEqualTo(before);
    }

    @Test
    void theRegisterIsPagedInTheOrderOfPublication() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(register(newTitle(), 10));
        }
        Callers.assertPagedInOrder(PATH, "joint_use", ids);
    }

    /** Every caller against every endpoint; what each may not do changes nothing. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "privacy-officer | register | 201",
            "operator        | register | 403",
            "subject         | register | 403",
            "recipient       | register | 403",
            "service         | register | 403",
            "none            | register | 401",
            "privacy-officer | replace  | 201",
            "operator        | replace  | 403",
            "subject         | replace  | 403",
            "recipient       | replace  | 403",
            "service         | replace  | 403",
            "none            | replace  | 401",
            "privacy-officer | list     | 200",
            "operator        | list     | 200",
            "subject         | list     | 403",
            "recipient       | list     | 403",
            "service         | list     | 403",
            "none            | list     | 401",
            "privacy-officer | read     | 200",
            "operator        | read     | 200",
            "subject         | read     | 403",
            "recipient       | read     | 403",
            "service         | read     | 403",
            "none            | read     | 401",
            "privacy-officer | notice   | 200",
            "operator        | notice   | 200",
            "subject         | notice   | 200",
            "recipient       | notice   | 200",
            "service         | notice   | 200",
            "none            | notice   | 200",
    })
    void whoMayCallWhat(String caller, String action, int expected) {
        String id = register(newTitle(), 5);
        long entries = count("select count(*) from joint_use");
        RequestSpecification as = as(caller);
        Response response = switch (action) {
            case "register" -> as.contentType(ContentType.JSON).body(entry(newTitle(), 1)).when().post(PATH);
            case "replace" -> as.contentType(ContentType.JSON).body(replacement(newTitle(), id)).when().post(PATH);
            case "list" -> as.when().get(PATH);
            case "read" -> as.when().get(PATH + "/" + id);
            case "notice" -> as.accept(ContentType.JSON).when().get(NOTICE);
            default -> throw new IllegalArgumentException(action);
        };
        response.then().statusCode(expected);
        if (expected == 401 || expected == 403) {
            response.then().contentType("application/problem+json").body("status", equalTo(expected));
        }
        if (action.equals("read") && expected == 200) {
            response.then().body("id", equalTo(id));
        }
        if (action.equals("notice")) {
            response.then().body("arrangements.id", hasItem(id));
        }
        boolean wrote = action.equals("register") || action.equals("replace");
        assertThat(count("select count(*) from joint_use")).isEqualTo(entries + (wrote && expected == 201 ? 1 : 0));
        assertThat(count("select count(*) from joint_use where supersedes = ?", UUID.fromString(id)))
                .isEqualTo(action.equals("replace") && expected == 201 ? 1 : 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PUT", "PATCH", "DELETE"})
    void entriesAreNeverChangedNorRemovedThroughTheApi(String method) {
        String title = newTitle();
        String id = register(title, 3);
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(entry("Renamed", 3))
                .when().request(method, PATH + "/" + id).then().statusCode(405);
        given().auth().oauth2(TestTokens.privacyOfficer()).when().get(PATH + "/" + id).then().statusCode(200)
                .body("title", equalTo(title));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "update   | update joint_use set purposes = 'Anything we like' where id = ? | UPDATE",
            "delete   | delete from joint_use where id = ?                              | DELETE",
            "truncate | truncate joint_use cascade                                      | TRUNCATE",
    })
    void theDatabaseRefusesToRewriteOrRemoveAPublishedNotice(String name, String sql, String operation) {
        String title = newTitle();
        String id = register(title, 3);
        long before = count("select count(*) from joint_use");
        Object[] params = sql.contains("?") ? new Object[] {UUID.fromString(id)} : new Object[0];
        assertThatThrownBy(() -> ServiceDb.update(ServiceDatabases.DISCLOSURE_LOG, sql, params))
                .rootCause().isInstanceOf(SQLException.class)
                .hasMessageContaining("joint_use is append-only (" + operation + " refused)")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("P0001"));
        assertThat(count("select count(*) from joint_use")).isEqualTo(before);
        assertThat(ServiceDb.single(ServiceDatabases.DISCLOSURE_LOG,
                "select purposes from joint_use where id = ?", UUID.fromString(id)))
                .isEqualTo("Answering inquiries about any group company's services from one support desk");
    }

    /**
     * Each row changes one field of a valid notice: its raw JSON value, {@code -} to leave it out; or, for field
     * {@code *}, gives the whole body.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON          | *                          | {\"title\": \"X\"                         | body",
            "field given twice       | *                          | {\"title\": \"a\", \"title\": \"b\"}        | body",
            "unknown field           | website                    | \"https://onplanetz.example\"              | website",
            "wrong type              | dataItems                  | \"name\"                                  | dataItems",
            "empty dataItems         | dataItems                  | []                                        | dataItems",
            "missing dataItems       | dataItems                  | -                                         | dataItems",
            "blank data item         | dataItems                  | [\"name\", \" \"]                           | dataItems[1]",
            "null data item          | dataItems                  | [null]                                    | dataItems[0]",
            "data item too long      | dataItems                  | [\"$LONG\"]                                 | dataItems[0]",
            "blank title             | title                      | \"  \"                                    | title",
            "missing title           | title                      | -                                         | title",
            "blank scope             | jointUsersScope            | \" \"                                     | jointUsersScope",
            "missing scope           | jointUsersScope            | -                                         | jointUsersScope",
            "blank purposes          | purposes                   | \"\"                                      | purposes",
            "missing purposes        | purposes                   | -                                         | purposes",
            "missing responsible     | responsibleName            | -                                         | responsibleName",
            "blank responsible       | responsibleName            | \" \"                                     | responsibleName",
            "responsible too long    | responsibleName            | \"$LONG\"                                   | responsibleName",
            "missing address         | responsibleAddress         | -                                         | responsibleAddress",
            "blank address           | responsibleAddress         | \"\"                                      | responsibleAddress",
            "blank representative    | responsibleRepresentative  | \" \"                                     | responsibleRepresentative",
            "missing start           | startsOn                   | -                                         | startsOn",
            "not a date              | startsOn                   | \"next spring\"                           | startsOn",
            "number for a date       | startsOn                   | 20000                                     | startsOn",
            "started before notice   | startsOn                   | \"$YESTERDAY\"                              | startsOn",
            "supersedes not a UUID   | supersedes                 | \"the old one\"                           | supersedes",
    })
    void badNoticesAreAProblemNamingTheFieldAndWriteNothing(String name, String field, String value, String problemField) {
        String raw = value.replace("$LONG", "x".repeat(201)).replace("$YESTERDAY", today().minusDays(1).toString());
        String body;
        if (field.equals("*")) {
            body = raw;
        } else {
            Map<String, String> fields = fields(newTitle(), 10);
            if (raw.equals("-")) {
                fields.remove(field);
            } else {
                fields.put(field, raw);
            }
            body = json(fields);
        }
        long before = count("select count(*) from joint_use");
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(body)
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("invalid-params.name", hasItem(problemField));
        assertThat(count("select count(*) from joint_use")).isEqualTo(before);
    }

    @Test
    void theValidNoticeTheBadOnesAreMadeFromIsAccepted() {
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(entry(newTitle(), 10))
                .when().post(PATH).then().statusCode(201);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"size=201 | size", "size=0 | size", "page=-1 | page"})
    void badPagingIsAProblemNamingTheParameter(String query, String field) {
        given().auth().oauth2(TestTokens.operator()).when().get(PATH + "?" + query)
                .then().statusCode(400).contentType("application/problem+json").body("invalid-params.name", hasItem(field));
    }

    @Test
    void anUnknownEntryIsNotFound() {
        given().auth().oauth2(TestTokens.operator()).when().get(PATH + "/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /** The part of the Markdown notice about the arrangement titled {@code title}. */
    private static String section(String md, String title) {
        return Arrays.stream(md.split("\n## ")).filter(s -> s.startsWith(title + "\n")).findFirst()
                .orElseThrow(() -> new AssertionError("no arrangement '" + title + "' in the notice:\n" + md));
    }

    private static String register(String title, long startsInDays) {
        return given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body(entry(title, startsInDays)).when().post(PATH).then().statusCode(201).extract().path("id");
    }

    private static long count(String sql, Object... params) {
        return ServiceDb.count(ServiceDatabases.DISCLOSURE_LOG, sql, params);
    }
}
