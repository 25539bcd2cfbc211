package io.dockyard.web.internal;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * Turns a JSON parse failure into a sentence an engineer with curl can act on: where it broke,
 * without echoing the request body back (it may hold secrets).
 */
final class MalformedJson {

    private MalformedJson() {
    }

    static String describe(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof JacksonException jackson) {
            TokenStreamLocation at = jackson.getLocation();
            String reason = jackson.getOriginalMessage();
            int cut = reason == null ? -1 : reason.indexOf('\n');
            if (cut >= 0) {
                reason = reason.substring(0, cut);
            }
            if (at != null && at.getLineNr() > 0) {
                return "The request body is not valid JSON (line " + at.getLineNr() + ", column "
                        + at.getColumnNr() + "): " + reason + ". Send a JSON object.";
            }
            return "The request body is not valid JSON: " + reason + ". Send a JSON object.";
        }
        if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
            return "The request needs a JSON body.";
        }
        return "The request body could not be read as JSON. Send a JSON object.";
    }
}
