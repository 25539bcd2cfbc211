/**
 * The internal certificate authority and the key encryption that protects every secret Dockyard stores.
 */
@ApplicationModule(displayName = "pki", allowedDependencies = {})
package io.dockyard.pki;

import org.springframework.modulith.ApplicationModule;
