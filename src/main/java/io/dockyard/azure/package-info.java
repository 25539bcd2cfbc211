/**
 * Our port to Azure Resource Manager ({@link io.dockyard.azure.AzureResources}) and its adapter on the Azure SDK
 * for Java: observe-compare-act "ensure" calls, error classification, and client-side ARM budgets.
 */
@ApplicationModule(displayName = "azure", allowedDependencies = {})
package io.dockyard.azure;

import org.springframework.modulith.ApplicationModule;
