package jp.onplanetz.privacy.consent.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jp.onplanetz.privacy.consent.receipt.ReceiptSigner;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.Map;

/**
 * The key that verifies consent receipts. Public: a subject, a regulator or a recipient must be able to check
 * a receipt with this key alone, without an account with us.
 */
@Path("/api/v1/receipts/keys")
@Tag(name = "receipts")
public class ReceiptKeyResource {

    // Verifiers may cache the set; after a key rotation they see the new key within five minutes.
    private static final String CACHE_CONTROL = "public, max-age=300";

    private final ReceiptSigner signer;

    public ReceiptKeyResource(ReceiptSigner signer) {
        this.signer = signer;
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The JWK Set (RFC 7517) of the key that signs consent receipts (ES256)")
    public RestResponse<Map<String, Object>> keys() {
        return RestResponse.ResponseBuilder.ok(signer.publishedKeys()).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
    }
}
