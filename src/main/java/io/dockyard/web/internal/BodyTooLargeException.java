package io.dockyard.web.internal;

import java.io.IOException;
import io.dockyard.web.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request body over the limit: 413 with the limit in the detail, so the caller knows what fits.
 */
public class BodyTooLargeException extends ErrorResponseException {

    public BodyTooLargeException(long limit) {
        super(HttpStatus.CONTENT_TOO_LARGE, problem(limit), null);
    }

    private static ProblemDetail problem(long limit) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "The request body is larger than " + (limit / 1024) + " KiB. Send a smaller body.");
        body.setTitle("Payload Too Large");
        body.setType(ProblemTypes.of("payload-too-large"));
        return body;
    }

    /** Thrown from inside the body stream, where only an IOException may travel. */
    static final class Signal extends IOException {
        final long limit;

        Signal(long limit) {
            super("request body over " + limit + " bytes");
            this.limit = limit;
        }
    }
}
