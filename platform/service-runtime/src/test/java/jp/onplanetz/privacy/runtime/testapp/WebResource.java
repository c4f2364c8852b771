package jp.onplanetz.privacy.runtime.testapp;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jp.onplanetz.privacy.runtime.csv.CsvTable;
import jp.onplanetz.privacy.runtime.web.Created;
import jp.onplanetz.privacy.runtime.web.Downloads;
import jp.onplanetz.privacy.runtime.web.Negotiation;
import jp.onplanetz.privacy.runtime.web.PageView;
import jp.onplanetz.privacy.runtime.web.Paging;
import jp.onplanetz.privacy.runtime.web.PeriodBounds;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Endpoints made of the web helpers alone, over a fixed list of 7 numbers, for the helpers' own tests. */
@Path("/test/web")
@PermitAll
public class WebResource {

    private static final List<Integer> NUMBERS = List.of(1, 2, 3, 4, 5, 6, 7);
    private static final List<MediaType> NOTICE = List.of(MediaType.valueOf("text/markdown;charset=UTF-8"),
            MediaType.APPLICATION_JSON_TYPE);

    @GET
    @Path("/numbers")
    public PageView<Integer> numbers(@Valid @BeanParam Paging.UpTo500 paging) {
        return PageView.of(slice(paging), paging, NUMBERS.size());
    }

    @GET
    @Path("/numbers/uncounted")
    public PageView<Integer> uncounted(@Valid @BeanParam Paging.UpTo200 paging) {
        return PageView.uncounted(slice(paging), paging);
    }

    @GET
    @Path("/export")
    @Produces({MediaType.APPLICATION_JSON, CsvTable.MEDIA_TYPE})
    public Response export(@QueryParam("name") String name, @Context HttpHeaders headers) {
        return Downloads.jsonOrCsv(headers, NUMBERS, () -> {
            CsvTable table = new CsvTable(List.of("n"));
            NUMBERS.forEach(n -> table.row(List.of(Integer.toString(n))));
            return table.write();
        }, name);
    }

    @GET
    @Path("/notice")
    @Produces({"text/markdown;charset=UTF-8", MediaType.APPLICATION_JSON})
    public Response notice(@Context HttpHeaders headers) {
        MediaType type = Negotiation.choose(headers, NOTICE);
        Object body = type.equals(MediaType.APPLICATION_JSON_TYPE) ? Map.of("notice", "none") : "# None\n";
        return Response.ok(body, type).build();
    }

    @GET
    @Path("/period")
    public Map<String, LocalDate> period(@QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to) {
        PeriodBounds.requireOrdered(from, to);
        return Map.of();
    }

    @POST
    @Path("/numbers")
    @APIResponse(responseCode = "201", description = "The number added",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Map.class)))
    @Produces(MediaType.APPLICATION_JSON)
    public RestResponse<Map<String, Integer>> add(@Context UriInfo uri) {
        return Created.inCollection(uri, 8, Map.of("n", 8));
    }

    private static List<Integer> slice(Paging paging) {
        return IntStream.range(Math.min(paging.offset(), NUMBERS.size()),
                Math.min(paging.offset() + paging.size(), NUMBERS.size())).mapToObj(NUMBERS::get).toList();
    }
}
