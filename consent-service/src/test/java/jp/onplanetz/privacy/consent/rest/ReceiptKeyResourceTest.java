package jp.onplanetz.privacy.consent.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.consent.receipt.ReceiptSigningKey;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class ReceiptKeyResourceTest {

    @Inject
    ReceiptSigningKey signingKey;

    @Test
    void anyoneWithoutATokenGetsTheOnePublicVerificationKey() {
        given().accept(ContentType.JSON)
                .when().get("/api/v1/receipts/keys")
                .then().statusCode(200).contentType(ContentType.JSON)
                .header("Cache-Control", "public, max-age=300")
                .body("keys", hasSize(1))
                .body("keys[0].kid", equalTo(signingKey.kid()))
                .body("keys[0].kty", equalTo("EC"))
                .body("keys[0]", not(hasKey("d")));
    }
}
