package io.dockyard.azure.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.dockyard.azure.AzureErrorKind;
import io.dockyard.azure.AzureException;
import io.dockyard.azure.AzureProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The budget's arithmetic on a clock the test moves. */
class ArmBudgetUnitTest {

    private final AtomicLong now = new AtomicLong();

    private ArmBudget budget(double share, Duration maxWait) {
        return new ArmBudget(new AzureProperties.Budget(true, share, 1.0, maxWait, 0.1), now::get);
    }

    @Test
    void bucketHoldsItsShareOfArmsCapacity() throws InterruptedException {
        ArmBudget budget = budget(0.5, Duration.ZERO);
        for (int i = 0; i < 100; i++) {
            budget.acquire(ArmBudget.Kind.WRITES);
        }
        assertThatThrownBy(() -> budget.acquire(ArmBudget.Kind.WRITES)).isInstanceOfSatisfying(AzureException.class, e -> {
            assertThat(e.error().kind()).isEqualTo(AzureErrorKind.TRANSIENT);
            assertThat(e.error().code()).isEqualTo("ClientBudgetExhausted");
            assertThat(e.error().retryAfter()).isEqualTo(Duration.ofSeconds(1));
        });
        budget.acquire(ArmBudget.Kind.READS);
        now.addAndGet(Duration.ofMillis(200).toNanos());
        budget.acquire(ArmBudget.Kind.WRITES);
    }

    @Test
    void a429PausesTheBucketForEveryone() {
        ArmBudget budget = budget(1.0, Duration.ofSeconds(1));
        budget.observe(ArmBudget.Kind.WRITES, 429, "30", "0");
        assertThatThrownBy(() -> budget.acquire(ArmBudget.Kind.WRITES)).isInstanceOfSatisfying(AzureException.class,
                e -> assertThat(e.error().retryAfter()).isEqualTo(Duration.ofSeconds(30)));
        now.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(budget.tokens(ArmBudget.Kind.WRITES)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void lowRemainingHeaderShrinksTheBucket() {
        ArmBudget budget = budget(1.0, Duration.ofSeconds(1));
        budget.observe(ArmBudget.Kind.READS, 200, null, "240");
        assertThat(budget.tokens(ArmBudget.Kind.READS)).isEqualTo(250.0);
        budget.observe(ArmBudget.Kind.READS, 200, null, "3");
        assertThat(budget.tokens(ArmBudget.Kind.READS)).isEqualTo(3.0);
    }

    @Test
    void statusAndCodeDecideTheKind() {
        assertThat(ErrorClassifier.kind(429, "TooManyRequests")).isEqualTo(AzureErrorKind.TRANSIENT);
        assertThat(ErrorClassifier.kind(408, "RequestTimeout")).isEqualTo(AzureErrorKind.TRANSIENT);
        assertThat(ErrorClassifier.kind(503, "ServiceUnavailable")).isEqualTo(AzureErrorKind.TRANSIENT);
        assertThat(ErrorClassifier.kind(501, "NotImplemented")).isEqualTo(AzureErrorKind.TERMINAL);
        assertThat(ErrorClassifier.kind(429, "RetryableErrorDueToAnotherOperation")).isEqualTo(AzureErrorKind.IN_PROGRESS);
        assertThat(ErrorClassifier.kind(409, "ResourceGroupBeingDeleted")).isEqualTo(AzureErrorKind.IN_PROGRESS);
        assertThat(ErrorClassifier.kind(409, "SkuNotAvailable")).isEqualTo(AzureErrorKind.TERMINAL);
        assertThat(ErrorClassifier.kind(400, "InvalidParameter")).isEqualTo(AzureErrorKind.TERMINAL);
        assertThat(ErrorClassifier.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
    }

    @Test
    void armRequestsAreCountedByMethodTypeAndStatus() {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        ArmCallMetrics metrics = new ArmCallMetrics(registry);
        metrics.record("PUT", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm", 201);
        metrics.record("GET", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/extensions/x", 429);
        metrics.record("GET", "/subscriptions/s/resourcegroups/rg", 404);
        assertThat(registry.get("dockyard.arm.requests").tags("method", "PUT", "type", "Microsoft.Compute/virtualMachines",
                "status", "201").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("dockyard.arm.requests").tags("type", "Microsoft.Compute/virtualMachines/extensions",
                "status", "429").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("dockyard.arm.requests").tags("type", "Microsoft.Resources/resourceGroups")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void productionTalksToTheConfiguredCloud() {
        assertThat(AzureClientFactory.cloud("AzureCloud").getResourceManagerEndpoint()).isEqualTo("https://management.azure.com/");
        assertThat(AzureClientFactory.cloud("AzureUSGovernment").getResourceManagerEndpoint()).contains("usgovcloudapi.net");
        assertThat(AzureClientFactory.cloud("AzureChinaCloud").getResourceManagerEndpoint()).contains("chinacloudapi.cn");
        assertThatThrownBy(() -> AzureClientFactory.cloud("Mars")).hasMessageContaining("AzureUSGovernment");
        AzureClients clients = AzureClientFactory.forAzure(new AzureProperties(true, "AzureUSGovernment",
                "00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002", null, null,
                Duration.ofSeconds(5), new AzureProperties.Budget(true, 0.8, 1, Duration.ofSeconds(1), 0.1)));
        assertThat(clients.subscriptionId()).isEqualTo("00000000-0000-0000-0000-000000000001");
        assertThat(clients.resources().resourceGroups().manager().environment().getResourceManagerEndpoint())
                .contains("usgovcloudapi.net");
    }
}
