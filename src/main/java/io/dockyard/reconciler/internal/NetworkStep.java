package io.dockyard.reconciler.internal;

import java.util.ArrayList;
import java.util.List;

import io.dockyard.azure.AzureResources;
import io.dockyard.azure.Ensured;
import io.dockyard.azure.InboundRule;
import io.dockyard.azure.NetworkInterface;
import io.dockyard.azure.NetworkInterfaceSpec;
import io.dockyard.azure.NetworkSpec;
import io.dockyard.azure.Ownership;
import io.dockyard.azure.PublicIp;
import io.dockyard.azure.PublicIpSpec;
import io.dockyard.azure.SecurityGroupSpec;
import io.dockyard.hosts.AzureStatus;
import io.dockyard.hosts.Condition;
import io.dockyard.hosts.ConditionStatus;
import io.dockyard.hosts.HostSpec;

/**
 * The host's network: an NSG that opens the Docker port (and 22 when asked) to the allowed ranges only, a VNet with
 * one subnet behind that NSG, a static public IP with the host's DNS label, and the NIC that joins them. Changed
 * source ranges update the NSG; a rule changed out of band is put back.
 */
final class NetworkStep implements Step {

    private static final int DOCKER_PRIORITY = 100;
    private static final int SSH_PRIORITY = 110;
    private final AzureResources azure;
    private final PassSettings settings;

    NetworkStep(AzureResources azure, PassSettings settings) {
        this.azure = azure;
        this.settings = settings;
    }

    @Override
    public String condition() {
        return Condition.NETWORK_READY;
    }

    @Override
    public StepResult run(PassContext pass) {
        HostNaming names = pass.names;
        String group = names.resourceGroup();
        String location = pass.host.location();
        List<String> sources = pass.host.spec().network().allowedSourceRanges();
        // A host no pass has taken this far has none of these yet: write them without reading 404s first.
        boolean fresh = pass.neverAttempted(condition());
        SecurityGroupSpec nsgSpec = securityGroup(names, location, pass.owner, pass.host.spec());
        Ensured nsg = fresh ? azure.createSecurityGroup(nsgSpec) : azure.ensureSecurityGroup(nsgSpec, pass.failed);
        pass.noteWrite(condition(), "NetworkUpdated", "Network security group " + names.securityGroup(), nsg);
        StepResult pending = Outcomes.of("Network", "Network security group", nsg);
        if (pending instanceof StepResult.Failed) {
            return pending;
        }
        // The VNet and the public IP are written in the same pass as the NSG, without waiting for it: ARM accepts a
        // reference to a resource that is still being provisioned, and one round of waiting instead of three saves
        // the passes (and ARM reads) of the two others. The NIC needs all three done.
        String nsgId = id(pass, "Microsoft.Network/networkSecurityGroups", names.securityGroup());
        NetworkSpec network = new NetworkSpec(group, names.network(), location, pass.owner, settings.addressSpace(),
                names.subnet(), settings.subnetPrefix(), nsgId);
        Ensured vnet = fresh ? azure.createNetwork(network) : azure.ensureNetwork(network, pass.failed);
        pass.noteWrite(condition(), "NetworkUpdated", "Virtual network " + names.network(), vnet);
        PublicIpSpec ipSpec = new PublicIpSpec(group, names.publicIp(), location, pass.owner, names.dnsLabel());
        PublicIp ip = fresh ? azure.createPublicIp(ipSpec) : azure.ensurePublicIp(ipSpec, pass.failed);
        pass.noteWrite(condition(), "NetworkUpdated", "Public IP address " + names.publicIp(), ip.ensured());
        pending = first(first(pending, Outcomes.of("Network", "Virtual network", vnet)),
                Outcomes.of("Network", "Public IP address", ip.ensured()));
        if (pending != null) {
            return pending;
        }
        NetworkInterface nic = azure.ensureNetworkInterface(new NetworkInterfaceSpec(group, names.networkInterface(),
                location, pass.owner, azure.subnetId(network), ip.ensured().id(), nsgId), pass.failed);
        pass.noteWrite(condition(), "NetworkUpdated", "Network interface " + names.networkInterface(), nic.ensured());
        pending = Outcomes.of("NetworkInterface", "Network interface", nic.ensured());
        if (pending != null) {
            return pending;
        }
        AzureStatus known = pass.azure();
        pass.azure(new AzureStatus(group, known.vmResourceId(), known.vmId(), ip.ipAddress(), ip.fqdn(), nic.privateIp(),
                known.powerState()));
        pass.condition(condition(), ConditionStatus.True, "Ready", "Public IP " + ip.ipAddress() + " (" + ip.fqdn()
                + "), Docker port " + pass.host.spec().docker().port() + " open to " + String.join(", ", sources));
        return StepResult.done();
    }

    /** The more telling of two results: a failure before waiting, otherwise the earlier one. */
    private static StepResult first(StepResult a, StepResult b) {
        if (a == null) {
            return b;
        }
        return b instanceof StepResult.Failed && !(a instanceof StepResult.Failed) ? b : a;
    }

    /** The host's NSG as the spec wants it; the drift check compares Azure's listing with the same rules. */
    static SecurityGroupSpec securityGroup(HostNaming names, String location, Ownership owner, HostSpec spec) {
        List<String> sources = spec.network().allowedSourceRanges();
        List<InboundRule> rules = new ArrayList<>();
        rules.add(new InboundRule("docker-tls", DOCKER_PRIORITY, spec.docker().port(), sources));
        if (spec.network().sshAccess()) {
            rules.add(new InboundRule("ssh", SSH_PRIORITY, 22, sources));
        }
        return new SecurityGroupSpec(names.resourceGroup(), names.securityGroup(), location, owner, rules);
    }

    static String id(PassContext pass, String type, String name) {
        return "/subscriptions/" + pass.subscription() + "/resourceGroups/" + pass.names.resourceGroup()
                + "/providers/" + type + "/" + name;
    }
}
