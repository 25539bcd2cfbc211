package io.dockyard.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import io.dockyard.web.ProblemTypes;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where failures become RFC 9457 problem documents. Spring MVC's own exceptions,
 * domain exceptions (any {@link ErrorResponse}), authentication failures forwarded by the security
 * filters, and anything unexpected all leave as {@code application/problem+json} with a readable
 * detail and never a stack trace.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<Object> unauthenticated(AuthenticationException ex, NativeWebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, ex.getMessage());
        body.setTitle("Unauthorized");
        body.setType(ProblemTypes.of("unauthorized"));
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dockyard\"");
        return respond(body, headers, HttpStatus.UNAUTHORIZED, request);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> forbidden(AccessDeniedException ex, NativeWebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                "This operation needs the admin role.");
        body.setTitle("Forbidden");
        body.setType(ProblemTypes.of("forbidden"));
        return respond(body, new HttpHeaders(), HttpStatus.FORBIDDEN, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> badParameter(MethodArgumentTypeMismatchException ex, NativeWebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "'" + ex.getName() + "' is not a valid value for this parameter.");
        body.setTitle("Bad Request");
        body.setType(ProblemTypes.of("invalid-parameter"));
        return respond(body, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, NativeWebRequest request) {
        if (ex instanceof ErrorResponse errorResponse) {
            return respond(errorResponse.getBody(), errorResponse.getHeaders(), errorResponse.getStatusCode(), request);
        }
        log.error("Unhandled error", ex);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side. Retry later; if it persists, give the requestId to the platform team.");
        body.setTitle("Internal Server Error");
        body.setType(ProblemTypes.of("internal-error"));
        return respond(body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException.Signal signal) {
                BodyTooLargeException tooLarge = new BodyTooLargeException(signal.limit);
                return respond(tooLarge.getBody(), headers, tooLarge.getStatusCode(), request);
            }
        }
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                MalformedJson.describe(ex));
        body.setTitle("Malformed JSON");
        body.setType(ProblemTypes.of("malformed-json"));
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no endpoint "
                + ex.getHttpMethod() + " /" + ex.getResourcePath() + ". The API is described at /openapi.yaml.");
        body.setTitle("Not Found");
        return respond(body, headers, HttpStatus.NOT_FOUND, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail pd ? pd
                : ex instanceof ErrorResponse errorResponse ? errorResponse.getBody()
                : ProblemDetail.forStatusAndDetail(statusCode, ex.getMessage());
        return respond(problem, headers == null ? new HttpHeaders() : headers, statusCode, request);
    }

    private ResponseEntity<Object> respond(ProblemDetail body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (request instanceof NativeWebRequest nativeRequest
                && nativeRequest.getNativeRequest() instanceof HttpServletRequest servlet) {
            body.setInstance(URI.create(servlet.getRequestURI()));
            Object requestId = servlet.getAttribute(RequestIdFilter.ATTRIBUTE);
            if (requestId != null) {
                body.setProperty("requestId", requestId);
            }
        }
        if (body.getType() == null || URI.create("about:blank").equals(body.getType())) {
            body.setType(ProblemTypes.forStatus(status.value()));
        }
        if (body.getTitle() == null) {
            HttpStatus known = HttpStatus.resolve(status.value());
            body.setTitle(known != null ? known.getReasonPhrase() : "Error");
        }
        HttpHeaders out = new HttpHeaders();
        out.putAll(headers);
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, out, status);
    }
}
