/**
 * Shared HTTP concerns: the one ProblemDetail error handler, request ids and request size limits.
 */
@ApplicationModule(displayName = "web", allowedDependencies = {})
package io.dockyard.web;

import org.springframework.modulith.ApplicationModule;
