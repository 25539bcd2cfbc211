package io.dockyard.simulator.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer ARM gives as an error: the HTTP status and the {@code {"error":{code,message,target}}} body the SDK
 * parses into a ManagementException. Thrown from deep inside the model and rendered once at the edge.
 */
final class ArmException extends RuntimeException {

    private final int status;
    private final String code;
    private final String target;
    private final Map<String, String> headers = new LinkedHashMap<>();

    ArmException(int status, String code, String message) {
        this(status, code, message, null);
    }

    ArmException(int status, String code, String message, String target) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.target = target;
    }

    ArmException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String target() {
        return target;
    }

    Map<String, String> headers() {
        return headers;
    }

    ArmError toError() {
        return new ArmError(code, getMessage(), target);
    }

    static ArmException notFound(String type, String name, String resourceGroup) {
        return new ArmException(404, "ResourceNotFound", "The Resource '" + type + "/" + name
                + "' under resource group '" + resourceGroup
                + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
    }

    static ArmException resourceGroupNotFound(String resourceGroup) {
        return new ArmException(404, "ResourceGroupNotFound", "Resource group '" + resourceGroup + "' could not be found.");
    }

    static ArmException invalidParameter(String message, String target) {
        return new ArmException(400, "InvalidParameter", message, target);
    }

    static ArmException badRequest(String code, String message) {
        return new ArmException(400, code, message);
    }
}
