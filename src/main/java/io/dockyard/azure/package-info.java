/**
 * Our port to Azure Resource Manager and its Azure SDK adapter (issue 5); empty until then.
 */
@ApplicationModule(displayName = "azure", allowedDependencies = {})
package io.dockyard.azure;

import org.springframework.modulith.ApplicationModule;
