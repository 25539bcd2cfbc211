package io.dockyard.security.internal;

import io.dockyard.web.ProblemTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request whose credentials were refused, as a problem document with the RFC 6750 challenge. The
 * detail says what is wrong with the token in words of our own and never repeats any of it.
 */
final class BearerTokenProblem extends ErrorResponseException {

    private static final String REALM = "Bearer realm=\"dockyard\"";

    private BearerTokenProblem(HttpStatus status, String type, String detail, String challenge) {
        super(status, body(status, type, detail), null);
        if (challenge != null) {
            getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
    }

    private static ProblemDetail body(HttpStatus status, String type, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(ProblemTypes.of(type));
        body.setTitle(status.getReasonPhrase());
        return body;
    }

    /** 401: the header is not a bearer token at all; no error code, as RFC 6750 asks for a missing token. */
    static BearerTokenProblem notBearer() {
        return new BearerTokenProblem(HttpStatus.UNAUTHORIZED, "unauthorized",
                "The Authorization header must be 'Bearer <token>'.", REALM);
    }

    /** 401 {@code invalid_token}: unknown, expired, revoked, forged or meant for someone else. */
    static BearerTokenProblem invalidToken(String detail) {
        return new BearerTokenProblem(HttpStatus.UNAUTHORIZED, "unauthorized", detail,
                REALM + ", error=\"invalid_token\"");
    }

    /** 403: a genuine sign-in that grants nothing here (no team, no admin role). */
    static BearerTokenProblem noTeam(String detail) {
        return new BearerTokenProblem(HttpStatus.FORBIDDEN, "forbidden", detail, null);
    }
}
