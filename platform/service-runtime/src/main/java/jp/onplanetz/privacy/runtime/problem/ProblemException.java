package jp.onplanetz.privacy.runtime.problem;

import jakarta.ws.rs.core.Response;

import java.util.List;

/** A refusal the service decided on (not found, conflict, invalid state), answered as problem+json. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of(Response.Status.NOT_FOUND, "not-found", what + " not found"));
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(Problem.of(Response.Status.CONFLICT, slug, detail));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(Response.Status.FORBIDDEN, "forbidden", detail));
    }

    /** A value that is well-formed but not acceptable (an unknown purpose code, say), naming the field. */
    public static ProblemException invalidField(String field, String reason) {
        return new ProblemException(Problem.invalid("The request has an invalid field.",
                List.of(new Problem.InvalidParam(field, reason))));
    }

    public Problem problem() {
        return problem;
    }
}
