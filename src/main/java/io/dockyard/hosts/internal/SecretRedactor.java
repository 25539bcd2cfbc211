package io.dockyard.hosts.internal;

import io.dockyard.hosts.Condition;
import io.dockyard.hosts.DockerStatus;
import io.dockyard.hosts.HostEventDraft;
import io.dockyard.hosts.HostStatus;
import io.dockyard.hosts.LastError;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last line of defence for public text the reconciler writes (event messages, condition messages, the last
 * error, the last probe error): it replaces the host's own secret values and PEM private-key blocks with
 * {@code [redacted]} and cuts what is left to {@link HostEventDraft#MAX_MESSAGE_LENGTH}. Azure and Docker error
 * text is the likely carrier: an extension failure quotes the script's output.
 */
final class SecretRedactor {

    static final String MARK = "[redacted]";
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)", Pattern.DOTALL);

    private final List<String> secrets;

    private SecretRedactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** A redactor for these values; the longest are replaced first, so one that contains another goes whole. */
    static SecretRedactor of(Collection<String> values) {
        return new SecretRedactor(values.stream()
                .filter(v -> v != null && v.length() >= HostEventDraft.SHORTEST_REDACTED_SECRET)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList());
    }

    String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = PRIVATE_KEY.matcher(text).replaceAll(Matcher.quoteReplacement(MARK));
        for (String secret : secrets) {
            out = out.replace(secret, MARK);
        }
        if (out.length() > HostEventDraft.MAX_MESSAGE_LENGTH) {
            out = out.substring(0, HostEventDraft.MAX_MESSAGE_LENGTH - 1) + "…";
        }
        return out;
    }

    HostEventDraft scrub(HostEventDraft event) {
        return new HostEventDraft(event.type(), event.reason(), scrub(event.message()));
    }

    /** The same status with every free-text member scrubbed. */
    HostStatus scrub(HostStatus status) {
        List<Condition> conditions = status.conditions().stream()
                .map(c -> new Condition(c.type(), c.status(), c.reason(), scrub(c.message()), c.lastTransitionTime(),
                        c.observedGeneration()))
                .toList();
        DockerStatus docker = status.docker() == null ? null : new DockerStatus(status.docker().endpoint(),
                status.docker().serverVersion(), status.docker().lastProbeAt(), scrub(status.docker().lastProbeError()),
                status.docker().payloadTag(), status.docker().payloadGeneration());
        LastError error = status.lastError() == null ? null : new LastError(status.lastError().code(),
                scrub(status.lastError().message()), status.lastError().isTransient(), status.lastError().at());
        return new HostStatus(status.phase(), status.observedGeneration(), conditions, status.consecutiveFailures(),
                status.azure(), docker, status.certificates(), status.lastReconcileAt(), status.nextReconcileAt(), error);
    }
}
