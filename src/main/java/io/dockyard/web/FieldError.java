package io.dockyard.web;

/**
 * One rejected value in a request: a JSON pointer into the body (RFC 6901, e.g.
 * {@code /network/allowedSourceRanges/0}) and what to do about it.
 */
public record FieldError(String pointer, String message) {
}
