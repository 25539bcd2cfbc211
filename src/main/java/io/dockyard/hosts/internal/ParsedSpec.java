package io.dockyard.hosts.internal;

import io.dockyard.hosts.HostSpec;
import java.util.Map;
import java.util.Set;

/**
 * A validated spec plus what to do with secrets: values to (re)encrypt and names whose stored
 * value stays as it is. Everything else stored for the host is dropped.
 */
record ParsedSpec(HostSpec spec, Map<String, String> newSecrets, Set<String> keptSecrets) {
}
