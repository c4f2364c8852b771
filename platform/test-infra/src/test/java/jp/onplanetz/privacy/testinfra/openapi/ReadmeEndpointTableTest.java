package jp.onplanetz.privacy.testinfra.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadmeEndpointTableTest {

    /** A public read, a read for any signed-in caller, and a write for two roles. */
    private static final String DOCUMENT = """
            {"openapi":"3.1.0","paths":{
              "/api/v1/policy":{"get":{"responses":{}}},
              "/api/v1/purposes":{"get":{"security":[{"SecurityScheme":[]}],"responses":{}}},
              "/api/v1/requests/{id}/cancellation":{"post":{"security":[{"SecurityScheme":["data-subject","operator"]}],
                "responses":{}}}}}
            """;

    private static final String README = """
            # a-service

            What it does.

            ## Endpoints

            | method | path | roles | what it does |
            | --- | --- | --- | --- |
            | `GET` | `/api/v1/policy` | no token (the policy is public) | the policy in force |
            | `GET` | `/api/v1/purposes` | any signed-in caller | the purposes |
            | `POST` | `/api/v1/requests/{id}/cancellation` | `operator`, `data-subject` (its own) | cancels a request |

            ## Run it alone in dev mode

            | not | an | endpoint | row |
            | --- | --- | --- | --- |
            | `DELETE` | `/elsewhere` | `nobody` | outside the section |
            """;

    private final OpenApiDocument document;

    ReadmeEndpointTableTest() throws Exception {
        document = new OpenApiDocument(new ObjectMapper().readTree(DOCUMENT));
    }

    @Test
    void aTableThatListsEveryOperationWithItsRolesAgrees() {
        assertThat(ReadmeEndpointTable.parse(README).differencesFrom(document)).isEmpty();
    }

    @Test
    void anOperationMissingFromTheTableIsReported() {
        String readme = README.replace("| `GET` | `/api/v1/purposes` | any signed-in caller | the purposes |\n", "");
        assertThat(ReadmeEndpointTable.parse(readme).differencesFrom(document))
                .containsExactly("GET /api/v1/purposes (any signed-in caller) is missing from the README's endpoint table");
    }

    @Test
    void otherRolesInTheTableAreReported() {
        String readme = README.replace("`operator`, `data-subject` (its own)", "`operator`");
        assertThat(ReadmeEndpointTable.parse(readme).differencesFrom(document)).containsExactly(
                "POST /api/v1/requests/{id}/cancellation: the README says operator, the code allows data-subject, operator");
    }

    @Test
    void aPublicOperationListedAsWantingATokenIsReported() {
        String readme = README.replace("no token (the policy is public)", "any signed-in caller");
        assertThat(ReadmeEndpointTable.parse(readme).differencesFrom(document)).containsExactly(
                "GET /api/v1/policy: the README says any signed-in caller, the code allows no token");
    }

    @Test
    void aRowForAnOperationTheApiDoesNotHaveIsReported() {
        String readme = README.replace("| `GET` | `/api/v1/policy` |", "| `GET` | `/api/v1/policies` |");
        assertThat(ReadmeEndpointTable.parse(readme).differencesFrom(document)).containsExactlyInAnyOrder(
                "GET /api/v1/policy (no token) is missing from the README's endpoint table",
                "GET /api/v1/policies is in the README's endpoint table but not in the API");
    }

    @Test
    void aRolesCellThatStatesNoAccessAndATwiceListedOperationAreReported() {
        String readme = README.replace("any signed-in caller | the purposes |", "whoever | the purposes |")
                .replace("| `GET` | `/api/v1/policy` | no token (the policy is public) | the policy in force |",
                        "| `GET` | `/api/v1/policy` | no token | the policy in force |\n"
                                + "| `GET` | `/api/v1/policy` | no token | again |");
        assertThat(ReadmeEndpointTable.parse(readme).differencesFrom(document)).containsExactlyInAnyOrder(
                "GET /api/v1/policy has two rows",
                "GET /api/v1/purposes: roles in backticks, or 'no token' or 'any signed-in caller', not 'whoever'",
                "GET /api/v1/purposes (any signed-in caller) is missing from the README's endpoint table");
    }

    @Test
    void aReadmeWithoutTheSectionIsReported() {
        assertThat(ReadmeEndpointTable.parse("# a-service\n\nWhat it does.\n").differencesFrom(document))
                .contains("no table under ## Endpoints");
    }
}
