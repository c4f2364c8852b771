package jp.onplanetz.privacy.consent.rest;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jp.onplanetz.privacy.runtime.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/**
 * The decision benchmark's baseline: the same stack, the same authentication, no work. It exists only in a build made
 * with {@code -Dprivacyops.benchmark.baseline=true} (the benchmark's own build, benchmarks/README.md); the production
 * application has no such path.
 */
@IfBuildProperty(name = "privacyops.benchmark.baseline", stringValue = "true")
@Path("/api/v1/decisions/baseline")
@Tag(name = "decisions")
public class BaselineResource {

    private static final Map<String, String> PERMIT = Map.of("decision", "PERMIT");

    /** On the I/O thread, as the check it is the baseline of. */
    @GET
    @NonBlocking
    @RolesAllowed({Roles.SVC_DISCLOSURE_LOG, Roles.SVC_DATA_REQUEST, Roles.SVC_ANALYTICS, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Benchmark baseline (only in a benchmark build)", hidden = true)
    public Map<String, String> baseline() {
        return PERMIT;
    }
}
