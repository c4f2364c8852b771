package jp.onplanetz.privacy.datarequest.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jp.onplanetz.privacy.datarequest.DataHolderSystem;
import jp.onplanetz.privacy.datarequest.service.DataHolderSystemService;
import jp.onplanetz.privacy.runtime.security.Roles;
import jp.onplanetz.privacy.runtime.security.SubjectAccess;
import jp.onplanetz.privacy.runtime.input.Prose;
import jp.onplanetz.privacy.runtime.web.Created;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.OffsetDateTime;
import java.util.List;

import static jp.onplanetz.privacy.runtime.time.UtcTimes.utc;

/** The systems every request goes to: read by operators and officers, outside systems registered by officers. */
@Path("/api/v1/data-holders")
@Tag(name = "data holders")
public class DataHolderSystemResource {

    /**
     * @param code the system's name as CloudEvents source ({@code /privacy-ops/<code>}) and in its answers
     */
    static final String SYSTEM_CODE = "^[a-z][a-z0-9-]{0,63}$";

    public record RegisterSystem(
            @NotNull @Pattern(regexp = SYSTEM_CODE) String code,
            @NotNull @Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
            @Size(max = 2000) @Prose String description,
            @Size(max = 320) String contact) {
    }

    public record SystemView(String code, String name, String description, String contact, boolean partOfSuite,
            boolean active, OffsetDateTime registeredAt, String registeredBy, OffsetDateTime retiredAt,
            String retiredBy) {

        static SystemView of(DataHolderSystem s) {
            return new SystemView(s.code, s.name, s.description, s.contact, s.partOfSuite, s.active,
                    utc(s.registeredAt), s.registeredBy, utc(s.retiredAt), s.retiredBy);
        }
    }

    private final DataHolderSystemService systems;
    private final SubjectAccess access;

    public DataHolderSystemResource(DataHolderSystemService systems, SubjectAccess access) {
        this.systems = systems;
        this.access = access;
    }

    @GET
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
    @Operation(summary = "Every system that holds personal data and carries out requests, retired ones too")
    public List<SystemView> list() {
        return systems.all().stream().map(SystemView::of).toList();
    }

    @POST
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Register an outside system: requests starting from now on wait for its answer (privacy officer)")
    @APIResponse(responseCode = "201", description = "The system registered",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SystemView.class)))
    public RestResponse<SystemView> register(@Valid @NotNull RegisterSystem r, @Context UriInfo uri) {
        DataHolderSystem s = systems.register(new DataHolderSystemService.Registration(r.code(), r.name(),
                r.description(), r.contact()), access.callerId());
        return Created.inCollection(uri, s.code, SystemView.of(s));
    }

    @POST
    @Path("/{code}/retirement")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Retire an outside system: requests starting from now on no longer wait for it (privacy officer)")
    public SystemView retire(@PathParam("code") @Pattern(regexp = SYSTEM_CODE) String code) {
        return SystemView.of(systems.retire(code, access.callerId()));
    }
}
