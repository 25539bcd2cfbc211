package io.dockyard.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a response against {@code openapi.yaml} at the repository root: the same file the service
 * serves. Any mismatch fails the test that received the response.
 */
final class ContractValidator {

    private static OpenApiInteractionValidator validator;

    private ContractValidator() {
    }

    private static synchronized OpenApiInteractionValidator validator() {
        if (validator == null) {
            Path spec = Path.of("openapi.yaml").toAbsolutePath();
            if (!Files.exists(spec)) {
                throw new IllegalStateException("openapi.yaml not found at " + spec);
            }
            validator = OpenApiInteractionValidator.createForSpecificationUrl(spec.toUri().toString()).build();
        }
        return validator;
    }

    private static boolean isOutsideContract(ValidationReport report) {
        return !report.getMessages().isEmpty() && report.getMessages().stream().allMatch(m ->
                m.getKey().equals("validation.request.path.missing")
                        || m.getKey().equals("validation.request.operation.notAllowed"));
    }

    static void check(String method, String path, ApiResponse response) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.status());
        response.headers().map().forEach((name, values) -> builder.withHeader(name, values));
        if (response.body() != null && !response.body().isEmpty()) {
            builder.withBody(response.body());
        }
        ValidationReport report = validator().validateResponse(path, Request.Method.valueOf(method), builder.build());
        if (isOutsideContract(report)) {
            // A path or method the contract does not have (the 404/405 tests) has no operation to
            // match; those tests assert the problem document themselves.
            return;
        }
        if (report.hasErrors()) {
            throw new AssertionError("Response to " + method + " " + path + " (" + response.status()
                    + ") does not match openapi.yaml:\n" + report + "\nBody: " + response.body());
        }
    }
}
