package io.dockyard.hosts;

import java.util.Objects;

/**
 * An event the reconciler asks to append to a host's history; the store adds the time and the host's current
 * generation.
 *
 * <p><b>Events are public.</b> Every member of the host's team and the portal read them, and they outlive the
 * host for the retention time. A message must therefore never carry a secret: no registry password or
 * environment value, no private key, no extension payload or protected setting, and no raw Azure or Docker
 * error body that could echo one — name what happened and what to do. As a second line of defence,
 * {@link HostLeases} replaces every occurrence of the host's own secret values (of at least
 * {@value #SHORTEST_REDACTED_SECRET} characters) and every PEM private-key block with {@code [redacted]} before it
 * stores a message, and cuts messages to {@value #MAX_MESSAGE_LENGTH} characters. The same applies to the
 * messages inside a {@link HostStatus}.
 *
 * @param type Normal or Warning
 * @param reason one CamelCase word, e.g. {@code VirtualMachineCreated}
 * @param message one or two sentences for people; empty is allowed
 */
public record HostEventDraft(HostEventType type, String reason, String message) {

    /** Longer messages are cut, after secrets were redacted. */
    public static final int MAX_MESSAGE_LENGTH = 2000;
    /** Shorter secret values are not searched for: they would match ordinary words. */
    public static final int SHORTEST_REDACTED_SECRET = 4;

    public HostEventDraft {
        Objects.requireNonNull(type, "type");
        Condition.requireCamelCase(reason, "reason");
        message = message == null ? "" : message;
    }

    public static HostEventDraft normal(String reason, String message) {
        return new HostEventDraft(HostEventType.Normal, reason, message);
    }

    public static HostEventDraft warning(String reason, String message) {
        return new HostEventDraft(HostEventType.Warning, reason, message);
    }
}
