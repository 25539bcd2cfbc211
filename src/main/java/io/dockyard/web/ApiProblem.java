package io.dockyard.web;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A failure the caller can act on, carried as a problem document. Modules throw these; the one
 * ProblemDetail handler in {@code web} writes them. The factories name the HTTP meaning so that a
 * rule reads as what it is ({@code ApiProblem.conflict("name-taken", ...)}).
 */
public class ApiProblem extends ErrorResponseException {

    private ApiProblem(HttpStatus status, String type, String title, String detail, List<FieldError> errors) {
        super(status, body(status, type, title, detail, errors), null);
    }

    private static ProblemDetail body(HttpStatus status, String type, String title, String detail,
            List<FieldError> errors) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(ProblemTypes.of(type));
        body.setTitle(title);
        if (errors != null && !errors.isEmpty()) {
            body.setProperty("errors", errors);
        }
        return body;
    }

    /** 400 listing every rejected field; nothing was stored. */
    public static ApiProblem invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? "The request has an invalid value at " + errors.getFirst().pointer() + ": " + errors.getFirst().message()
                : "The request has " + errors.size() + " invalid values; see errors.";
        return new ApiProblem(HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail, errors);
    }

    public static ApiProblem invalidParameter(String name, String message) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                "Parameter '" + name + "' " + message + ".", null);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not Found", detail, null);
    }

    public static ApiProblem conflict(String type, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, type, "Conflict", detail, null);
    }

    /** Adds a machine-readable member to the problem document (e.g. the limit that was reached). */
    public ApiProblem with(String name, Object value) {
        getBody().setProperty(name, value);
        return this;
    }

    /** 429 with Retry-After: the caller went over a rate limit and may try again after that many seconds. */
    public static ApiProblem tooManyRequests(String detail, long retryAfterSeconds) {
        ApiProblem problem = new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too Many Requests", detail, null);
        problem.getHeaders().set("Retry-After", String.valueOf(retryAfterSeconds));
        return problem.with("retryAfterSeconds", retryAfterSeconds);
    }

    public static ApiProblem preconditionFailed(String detail) {
        return new ApiProblem(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition Failed", detail, null);
    }

    public static ApiProblem unprocessable(String type, String detail, List<FieldError> errors) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, type, "Unprocessable Content", detail, errors);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail, null);
    }
}
