/**
 * The audit trail: a record of every accepted change and every credential handed out, with who, for which team,
 * when and in which request, and {@code GET /api/v1/audit} for admins. It listens to the activity events that
 * {@code hosts} and {@code security} publish inside their transactions; no module calls it, so it sits on top of
 * the modules it watches and they do not know it exists.
 */
@ApplicationModule(displayName = "audit", allowedDependencies = {"hosts", "security", "web"})
package io.dockyard.audit;

import org.springframework.modulith.ApplicationModule;
