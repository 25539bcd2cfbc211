package io.dockyard.azure.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.rest.Response;

import io.dockyard.azure.AzureError;
import io.dockyard.azure.AzureErrorKind;
import io.dockyard.azure.AzureException;
import io.dockyard.azure.Ownership;

/** The observe half of observe-compare-act: a GET where 404 means "absent", and the ownership check. */
final class Observe {

    private Observe() {
    }

    static <T> Optional<T> get(Supplier<Response<T>> call) {
        try {
            return Optional.ofNullable(call.get().getValue());
        } catch (HttpResponseException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A resource with our name but not our host's id is somebody else's: stop, never adopt or change it. */
    static void owned(Ownership owner, Map<String, String> tags, String id) {
        if (!owner.owns(tags)) {
            throw new AzureException(new AzureError(AzureErrorKind.TERMINAL, 409, "ResourceNotOwned", "Resource " + id
                    + " exists but is not tagged " + Ownership.HOST_ID + "=" + owner.hostId()
                    + "; Dockyard never adopts or changes resources it did not create.", null), null);
        }
    }

    static boolean sameTags(Ownership owner, Map<String, String> observed) {
        return Objects.equals(owner.tags(), observed == null ? Map.of() : observed);
    }
}
