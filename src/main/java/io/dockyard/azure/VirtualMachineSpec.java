package io.dockyard.azure;

import java.util.List;

/**
 * A host's VM: size, image, managed OS disk of the asked size, an admin user that signs in with SSH keys only
 * (password authentication off), and its NIC.
 */
public record VirtualMachineSpec(String resourceGroup, String name, String location, Ownership owner, String size,
                                 ImageReference image, int osDiskSizeGb, String adminUsername,
                                 List<String> sshPublicKeys, String networkInterfaceId) {

    public VirtualMachineSpec {
        sshPublicKeys = List.copyOf(sshPublicKeys);
    }
}
