package io.dockyard.web;

import java.net.URI;

/**
 * Problem type URIs. They name the kind of failure so that clients can branch on them; they are
 * identifiers, documented in openapi.yaml, not pages that must resolve.
 */
public final class ProblemTypes {

    private static final String BASE = "https://dockyard.io/problems/";

    private ProblemTypes() {
    }

    public static URI of(String slug) {
        return URI.create(BASE + slug);
    }

    public static URI forStatus(int status) {
        return switch (status) {
            case 400 -> of("bad-request");
            case 401 -> of("unauthorized");
            case 403 -> of("forbidden");
            case 404 -> of("not-found");
            case 405 -> of("method-not-allowed");
            case 406 -> of("not-acceptable");
            case 409 -> of("conflict");
            case 412 -> of("precondition-failed");
            case 413 -> of("payload-too-large");
            case 415 -> of("unsupported-media-type");
            case 422 -> of("unprocessable");
            case 428 -> of("precondition-required");
            case 429 -> of("too-many-requests");
            default -> status >= 500 ? of("internal-error") : of("error");
        };
    }
}
