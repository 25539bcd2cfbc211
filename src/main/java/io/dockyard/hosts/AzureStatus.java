package io.dockyard.hosts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where the host lives in Azure, as last observed: what an on-call engineer needs to find it in the portal
 * or with {@code az}. Any member may be null (left out of the JSON) until the reconciler has seen it.
 *
 * @param resourceGroup the resource group holding the host's resources
 * @param vmResourceId the VM's ARM resource id
 * @param vmId the VM's unique id (Azure's {@code vmId})
 * @param publicIp the static public IP address
 * @param fqdn the public IP's DNS name
 * @param privateIp the NIC's private IP address
 * @param powerState e.g. {@code running}, {@code deallocated} (the part after {@code PowerState/}, lower case)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AzureStatus(String resourceGroup, String vmResourceId, String vmId, String publicIp, String fqdn,
        String privateIp, String powerState) {
}
