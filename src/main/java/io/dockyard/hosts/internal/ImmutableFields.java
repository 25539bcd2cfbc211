package io.dockyard.hosts.internal;

import io.dockyard.hosts.HostSpec;
import io.dockyard.web.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * Which spec fields are fixed at creation, and the one that may only grow. Changing any of them
 * would need a new VM (or, for the disk, lose data), so the API refuses instead of surprising.
 */
final class ImmutableFields {

    private ImmutableFields() {
    }

    static List<FieldError> violations(HostSpec current, HostSpec next) {
        List<FieldError> out = new ArrayList<>();
        if (!current.name().equals(next.name())) {
            out.add(new FieldError("/name", "is '" + current.name() + "' and cannot change; create a new host instead"));
        }
        if (!current.location().equals(next.location())) {
            out.add(new FieldError("/location", "is '" + current.location() + "' and cannot change; create a host in the other region instead"));
        }
        if (!current.image().equals(next.image())) {
            out.add(new FieldError("/image", "is '" + current.image() + "' and cannot change; create a new host with the other image"));
        }
        if (!current.adminUsername().equals(next.adminUsername())) {
            out.add(new FieldError("/adminUsername", "is '" + current.adminUsername() + "' and cannot change"));
        }
        if (!current.sshPublicKeys().equals(next.sshPublicKeys())) {
            out.add(new FieldError("/sshPublicKeys", "cannot change after creation"));
        }
        if (next.osDiskSizeGb() < current.osDiskSizeGb()) {
            out.add(new FieldError("/osDiskSizeGb", "may only grow; it is " + current.osDiskSizeGb() + " GiB"));
        }
        return out;
    }
}
