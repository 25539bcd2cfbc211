/**
 * The control loop that makes Azure match the hosts table (issue 6); empty until then.
 */
@ApplicationModule(displayName = "reconciler", allowedDependencies = {"hosts", "pki", "bootstrap", "azure"})
package io.dockyard.reconciler;

import org.springframework.modulith.ApplicationModule;
