package io.dockyard.hosts.internal;

import io.dockyard.hosts.Condition;
import io.dockyard.hosts.ConditionStatus;
import io.dockyard.hosts.DockerStatus;
import io.dockyard.hosts.HostEventDraft;
import io.dockyard.hosts.HostStatus;
import io.dockyard.hosts.LastError;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretRedactorTest {

    private static final String KEY = """
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEIEx1
            -----END EC PRIVATE KEY-----""";

    private final SecretRedactor redactor = SecretRedactor.of(List.of("hunter2-long", "hunter2-long-er", "abc"));

    @Test
    void replacesSecretValuesLongestFirstAndPrivateKeys() {
        assertThat(redactor.scrub("login failed for hunter2-long-er and hunter2-long; key " + KEY + " end"))
                .isEqualTo("login failed for [redacted] and [redacted]; key [redacted] end");
    }

    @Test
    void leavesValuesTooShortToSearchForAndCutsLongText() {
        assertThat(redactor.scrub("abc def")).isEqualTo("abc def");
        assertThat(redactor.scrub("x".repeat(5000))).hasSize(HostEventDraft.MAX_MESSAGE_LENGTH).endsWith("…");
    }

    @Test
    void aPrivateKeyCutOffBeforeItsEndLineIsStillRemoved() {
        assertThat(redactor.scrub("output: -----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMG")).isEqualTo("output: [redacted]");
    }

    @Test
    void scrubsEveryFreeTextMemberOfAStatus() {
        Instant now = Instant.now();
        HostStatus status = HostStatus.initial()
                .withCondition(new Condition(Condition.DOCKER_INSTALLED, ConditionStatus.False, "ExtensionFailed",
                        "docker login -p hunter2-long failed", now, 1))
                .withDocker(new DockerStatus("tcp://h:2376", null, now, "tls: hunter2-long"))
                .withFailure(new LastError("VMExtensionProvisioningError", "stderr: hunter2-long", false, now));

        HostStatus scrubbed = redactor.scrub(status);

        assertThat(scrubbed.conditions().getFirst().message()).isEqualTo("docker login -p [redacted] failed");
        assertThat(scrubbed.docker().lastProbeError()).isEqualTo("tls: [redacted]");
        assertThat(scrubbed.lastError().message()).isEqualTo("stderr: [redacted]");
        assertThat(scrubbed.lastError().code()).isEqualTo("VMExtensionProvisioningError");
    }
}
