/**
 * The ARM emulator that plays the cloud in local mode and tests (issue 4); it uses nothing of ours.
 */
@ApplicationModule(displayName = "simulator", allowedDependencies = {})
package io.dockyard.simulator;

import org.springframework.modulith.ApplicationModule;
