/**
 * The VM extension payload that installs and configures Docker on a host (issue 5); empty until then.
 */
@ApplicationModule(displayName = "bootstrap", allowedDependencies = {})
package io.dockyard.bootstrap;

import org.springframework.modulith.ApplicationModule;
