package jp.onplanetz.privacy.consent.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jp.onplanetz.privacy.runtime.problem.Problem;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.ByteArrayInputStream;

/**
 * Reads a decision question whole on the I/O thread, before authentication, so that answering it never waits
 * in the event loop's queue.
 * <p>
 * Why: Quarkus pauses every request at the root, and Quarkus REST's input stage resumes it with a task put
 * at the back of the event loop's queue. Under load that task waits behind every other connection's work,
 * and that wait, not the decision, would make the tail of POST latency (benchmarks/results/consent-decisions.md
 * reads it from the service's own timer). A question is a few hundred bytes, so reading it at once costs
 * nothing; a body far larger than any question is refused with 413 before it is held.
 */
@ApplicationScoped
public class DecisionBodyPrefetch {

    /** A question names at most 32 categories and a justification of 4,000 characters: 64 KiB is ample. */
    static final long MAX_QUESTION_BYTES = 64 * 1024;

    private final ObjectMapper json;

    public DecisionBodyPrefetch(ObjectMapper json) {
        this.json = json;
    }

    void readQuestionsAtOnce(@Observes Router router) {
        BodyHandler readWhole = BodyHandler.create(false).setBodyLimit(MAX_QUESTION_BYTES);
        router.post("/api/v1/decisions/*")
                .order(RouteConstants.ROUTE_ORDER_BODY_HANDLER)
                .handler(routing -> {
                    // HTTP/1.x only: Quarkus REST pauses the request when it takes it over, and Vert.x refuses to pause
                    // an HTTP/2 stream that has already ended ("Request has already been read"). HTTP/2 callers (the
                    // JDK's client upgrades to h2c) keep the usual path and the server's general body limit.
                    if (routing.request().version() == HttpVersion.HTTP_2) {
                        routing.next();
                    } else {
                        readWhole.handle(routing);
                    }
                })
                .failureHandler(this::refuseTooLarge);
    }

    private void refuseTooLarge(RoutingContext routing) {
        if (routing.statusCode() != 413 || routing.response().headWritten()) {
            routing.next();
            return;
        }
        Problem problem = Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, "body-too-large",
                "A decision question is at most " + MAX_QUESTION_BYTES + " bytes of JSON.").at(routing.request().path());
        try {
            routing.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            routing.fail(e);
        }
    }

    /**
     * Hands the body read above to Quarkus REST, which then skips its own pause-and-resume read. Other routes (and
     * HTTP/2) have no body read here and keep the usual path.
     */
    @ServerRequestFilter
    public void handOverBody(ContainerRequestContext request, RoutingContext routing) {
        if (!routing.body().available()) {
            return;
        }
        // An empty body leaves no buffer; the request has ended all the same, so Quarkus REST must not wait for it.
        Buffer read = routing.body().buffer();
        request.setEntityStream(new ByteArrayInputStream(read == null ? new byte[0] : read.getBytes()));
    }
}
