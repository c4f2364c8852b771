package jp.onplanetz.privacy.consent.rest;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.security.Roles;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/**
 * The decision benchmark's baseline: the same stack, the same authentication, no work. Answers 404 unless
 * the instance was started with {@code consent.benchmark.baseline-endpoint=true} (only the benchmark does).
 */
@Path("/api/v1/decisions/baseline")
@Tag(name = "decisions")
public class BaselineResource {

    private static final Map<String, String> PERMIT = Map.of("decision", "PERMIT");

    private final boolean enabled;

    public BaselineResource(@ConfigProperty(name = "consent.benchmark.baseline-endpoint", defaultValue = "false") boolean enabled) {
        this.enabled = enabled;
    }

    /** On the I/O thread, as the check it is the baseline of. */
    @GET
    @NonBlocking
    @RolesAllowed({Roles.SVC_DISCLOSURE_LOG, Roles.SVC_DATA_REQUEST, Roles.SVC_ANALYTICS, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Benchmark baseline (404 in normal operation)", hidden = true)
    public Map<String, String> baseline() {
        if (!enabled) {
            throw ProblemException.notFound("resource");
        }
        return PERMIT;
    }
}
