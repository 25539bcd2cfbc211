package io.dockyard.azure.internal;

import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.resources.ResourceManager;

/** The SDK's managers for one subscription, sharing one HTTP pipeline configuration. */
record AzureClients(String subscriptionId, ResourceManager resources, NetworkManager network, ComputeManager compute) {
}
