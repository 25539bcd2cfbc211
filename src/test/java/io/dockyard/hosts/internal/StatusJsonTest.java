package io.dockyard.hosts.internal;

import io.dockyard.hosts.AzureStatus;
import io.dockyard.hosts.CertificateStatus;
import io.dockyard.hosts.Condition;
import io.dockyard.hosts.ConditionStatus;
import io.dockyard.hosts.DockerStatus;
import io.dockyard.hosts.HostPhase;
import io.dockyard.hosts.HostStatus;
import io.dockyard.hosts.LastError;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatusJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T0 = Instant.parse("2026-11-29T08:00:00.123456Z");
    private static final Instant T1 = T0.plusSeconds(60);

    @Test
    void theInitialStatusIsExactlyWhatTheApiStoresForANewHost() {
        assertThat(StatusJson.write(HostStatus.initial()))
                .isEqualTo("{\"phase\":\"Pending\",\"observedGeneration\":0,\"conditions\":[],\"consecutiveFailures\":0}");
    }

    @Test
    void aFullStatusUsesTheContractsMemberNamesAndRoundTrips() {
        HostStatus status = HostStatus.initial()
                .withPhase(HostPhase.Ready)
                .withObservedGeneration(3)
                .withCondition(new Condition(Condition.READY, ConditionStatus.True, "AllReady", null, T0, 3))
                .withAzure(new AzureStatus("dockyard-rg", "/subscriptions/s/vm", "vm-1", "203.0.113.7", "h.example",
                        "10.0.0.4", "running"))
                .withDocker(new DockerStatus("tcp://h.example:2376", "27.3.1", T0, null))
                .withCertificates(new CertificateStatus("0a1b", T1, "ab:cd", T1))
                .withLastReconcileAt(T0)
                .withNextReconcileAt(T1)
                .withFailure(new LastError("SkuNotAvailable", "not in this region", false, T0));

        String text = StatusJson.write(status);
        JsonNode json = JSON.readTree(text);

        assertThat(json.propertyNames()).containsExactly("phase", "observedGeneration", "conditions",
                "consecutiveFailures", "azure", "docker", "certificates", "lastReconcileAt", "nextReconcileAt",
                "lastError");
        assertThat(json.at("/conditions/0/status").stringValue()).isEqualTo("True");
        assertThat(json.at("/conditions/0/message").stringValue()).isEmpty();
        assertThat(json.at("/conditions/0/lastTransitionTime").stringValue()).isEqualTo("2026-11-29T08:00:00.123456Z");
        assertThat(json.at("/lastError").propertyNames()).containsExactly("code", "message", "transient", "at");
        assertThat(json.at("/lastError/transient").booleanValue()).isFalse();
        assertThat(json.at("/docker").has("lastProbeError")).isFalse();
        assertThat(json.at("/consecutiveFailures").intValue()).isEqualTo(1);
        assertThat(StatusJson.read(text)).isEqualTo(status);
    }

    @Test
    void readsTheColumnDefaultAndIgnoresMembersItDoesNotKnow() {
        assertThat(StatusJson.read("{}")).isEqualTo(HostStatus.initial());
        assertThat(StatusJson.read("{\"phase\":\"Deleting\",\"observedGeneration\":2,\"conditions\":[],"
                + "\"consecutiveFailures\":0,\"somethingNew\":{\"a\":1}}"))
                .isEqualTo(HostStatus.initial().withPhase(HostPhase.Deleting).withObservedGeneration(2));
    }

    @Test
    void withConditionKeepsTheTransitionTimeWhileTheStatusHolds() {
        HostStatus first = HostStatus.initial()
                .withCondition(new Condition(Condition.NETWORK_READY, ConditionStatus.False, "Creating", "", T0, 1));

        HostStatus confirmed = first.withCondition(
                new Condition(Condition.NETWORK_READY, ConditionStatus.False, "Waiting", "still creating", T1, 2));
        HostStatus flipped = confirmed.withCondition(
                new Condition(Condition.NETWORK_READY, ConditionStatus.True, "Created", "", T1, 2));

        Condition kept = confirmed.condition(Condition.NETWORK_READY).orElseThrow();
        assertThat(kept.lastTransitionTime()).isEqualTo(T0);
        assertThat(kept.reason()).isEqualTo("Waiting");
        assertThat(kept.observedGeneration()).isEqualTo(2);
        assertThat(flipped.condition(Condition.NETWORK_READY).orElseThrow().lastTransitionTime()).isEqualTo(T1);
        assertThat(flipped.holds(Condition.NETWORK_READY)).isTrue();
        assertThat(flipped.conditions()).hasSize(1);
    }

    @Test
    void aSuccessClearsTheErrorAndTheFailureCount() {
        HostStatus failing = HostStatus.initial().withFailure(new LastError("Throttled", "429", true, T0))
                .withFailure(new LastError("Throttled", "429", true, T1));

        assertThat(failing.consecutiveFailures()).isEqualTo(2);
        assertThat(failing.withSuccess().lastError()).isNull();
        assertThat(failing.withSuccess().consecutiveFailures()).isZero();
    }

    @Test
    void refusesReasonsThatAreNotOneCamelCaseWordAndDuplicateConditionTypes() {
        assertThatThrownBy(() -> new Condition(Condition.READY, ConditionStatus.True, "all ready", "", T0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        Condition ready = new Condition(Condition.READY, ConditionStatus.True, "AllReady", "", T0, 1);
        assertThatThrownBy(() -> new HostStatus(HostPhase.Ready, 1, java.util.List.of(ready, ready), 0, null, null,
                null, null, null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
