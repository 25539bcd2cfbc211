package io.dockyard.reconciler.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.dockyard.azure.AzureResources;
import io.dockyard.azure.ManagedResource;
import io.dockyard.azure.Ownership;
import io.dockyard.azure.PowerState;
import io.dockyard.azure.SecurityGroupSpec;
import io.dockyard.azure.VmPower;
import io.dockyard.hosts.HostDrift;
import io.dockyard.hosts.HostEventDraft;
import io.dockyard.hosts.SettledHost;

/**
 * One fleet-wide drift check: three subscription-wide listings (everything tagged as ours, every VM's power state,
 * every NSG with its rules) compared with the settled hosts, so the read cost is a few pages whatever the fleet's
 * size. A host whose resources are missing, whose NSG rules differ or whose VM's power changed is woken with a
 * {@code DriftDetected} event; its next pass observes every step and repairs (or reports a stopped VM). What a
 * listing cannot show — an extension's settings changed in place, a Docker daemon that stopped — waits for the
 * host's own periodic resync.
 */
final class DriftCheck {

    private final AzureResources azure;
    private final HostDrift hosts;
    private final String extensionName;

    DriftCheck(AzureResources azure, HostDrift hosts, String extensionName) {
        this.azure = azure;
        this.hosts = hosts;
        this.extensionName = extensionName;
    }

    /** What one check found: hosts compared, hosts woken, and the listings' sizes. */
    record Result(int compared, int woken, int resourcesListed) {
    }

    /** Runs one check now; Azure errors propagate as {@code AzureException} for the caller to retry. */
    Result run(Instant startedAt) {
        List<SettledHost> settled = hosts.settled(startedAt);
        if (settled.isEmpty()) {
            return new Result(0, 0, 0);
        }
        List<ManagedResource> resources = azure.managedResources();
        Map<String, VmPower> powers = new HashMap<>();
        for (VmPower power : azure.virtualMachinePowerStates()) {
            powers.put(key(power.resourceGroup(), power.name()), power);
        }
        List<SecurityGroupSpec> groups = new ArrayList<>(settled.size());
        for (SettledHost host : settled) {
            groups.add(NetworkStep.securityGroup(names(host), host.location(),
                    new Ownership(host.id().toString(), host.team(), host.spec().tags()), host.spec()));
        }
        Set<String> differingGroups = azure.securityGroupsOutOfSpec(groups);
        Set<String> present = new HashSet<>();
        for (ManagedResource resource : resources) {
            present.add(key(resource.resourceGroup(), resource.type() + "/" + resource.name()));
        }
        int woken = 0;
        for (SettledHost host : settled) {
            List<String> findings = findings(host, present, powers, differingGroups);
            if (!findings.isEmpty() && hosts.wake(host.id(), host.generation(), HostEventDraft.warning("DriftDetected",
                    "Azure no longer matches the spec: " + String.join("; ", findings) + ". The next pass repairs it."))) {
                woken++;
            }
        }
        return new Result(settled.size(), woken, resources.size());
    }

    private List<String> findings(SettledHost host, Set<String> present, Map<String, VmPower> powers,
                                  Set<String> differingGroups) {
        HostNaming names = names(host);
        String group = names.resourceGroup();
        List<String> findings = new ArrayList<>();
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("Microsoft.Network/networkSecurityGroups/" + names.securityGroup(), "network security group");
        expected.put("Microsoft.Network/virtualNetworks/" + names.network(), "virtual network");
        expected.put("Microsoft.Network/publicIPAddresses/" + names.publicIp(), "public IP address");
        expected.put("Microsoft.Network/networkInterfaces/" + names.networkInterface(), "network interface");
        expected.put("Microsoft.Compute/virtualMachines/" + names.virtualMachine(), "virtual machine");
        expected.put("Microsoft.Compute/virtualMachines/extensions/" + names.virtualMachine() + "/" + extensionName,
                "Docker install extension");
        expected.forEach((typeAndName, what) -> {
            if (!present.contains(key(group, typeAndName))) {
                findings.add(what + " " + typeAndName.substring(typeAndName.lastIndexOf('/') + 1) + " is missing");
            }
        });
        String nsgId = ("/subscriptions/" + azure.subscriptionId() + "/resourceGroups/" + group
                + "/providers/Microsoft.Network/networkSecurityGroups/" + names.securityGroup()).toLowerCase(Locale.ROOT);
        if (differingGroups.contains(nsgId)) {
            findings.add("the network security group's rules were changed outside Dockyard");
        }
        VmPower power = powers.get(key(group, names.virtualMachine()));
        if (power != null && power.powerState() != PowerState.UNKNOWN) {
            boolean runs = power.powerState() == PowerState.RUNNING || power.powerState() == PowerState.STARTING;
            String known = host.status().azure() == null ? null : host.status().azure().powerState();
            boolean ranBefore = known == null || known.equals("running") || known.equals("starting");
            if (runs != ranBefore) {
                findings.add("virtual machine " + names.virtualMachine() + " is "
                        + power.powerState().name().toLowerCase(Locale.ROOT) + " (it was " + known + ")");
            }
        }
        return findings;
    }

    private static HostNaming names(SettledHost host) {
        return new HostNaming(host.id(), host.name());
    }

    private static String key(String group, String typeAndName) {
        return (group + "|" + typeAndName).toLowerCase(Locale.ROOT);
    }
}
