package io.dockyard.azure.internal;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.dockyard.azure.AzureError;
import io.dockyard.azure.AzureErrorKind;
import io.dockyard.azure.AzureException;
import io.dockyard.azure.AzureResources;

import static org.assertj.core.api.Assertions.assertThat;

class AzureAccessCheckTest {

    private final AtomicInteger calls = new AtomicInteger();
    private final Deque<AzureException> answers = new ArrayDeque<>();
    private Instant now = Instant.parse("2026-11-29T13:00:00Z");

    /** Only the two methods the check uses; a unit test's stand-in for the adapter. */
    private final AzureResources azure = (AzureResources) Proxy.newProxyInstance(AzureResources.class.getClassLoader(),
            new Class<?>[] {AzureResources.class}, (proxy, method, args) -> switch (method.getName()) {
                case "subscriptionId" -> "sub-1";
                case "verifyAccess" -> {
                    calls.incrementAndGet();
                    AzureException next = answers.poll();
                    if (next != null) {
                        throw next;
                    }
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private final AzureAccessCheck check = new AzureAccessCheck(azure, new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void isUnknownBeforeTheFirstCheck() {
        assertThat(check.health().getStatus().getCode()).isEqualTo("UNKNOWN");
    }

    @Test
    void isDownWithAzuresCodeUntilTheCredentialWorks() {
        answers.add(new AzureException(new AzureError(AzureErrorKind.TERMINAL, 403, "AuthorizationFailed",
                "The client does not have authorization to perform action 'Microsoft.Resources/subscriptions/resourcegroups/read'.",
                null), null));

        check.check();
        assertThat(check.health().getStatus().getCode()).isEqualTo("DOWN");
        assertThat(check.health().getDetails()).containsEntry("code", "AuthorizationFailed").containsEntry("subscription", "sub-1");

        now = now.plusSeconds(60);
        check.check();
        assertThat(check.health().getStatus().getCode()).isEqualTo("UP");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aWorkingSubscriptionIsCheckedAgainOnlyEveryTenMinutes() {
        check.check();
        now = now.plus(Duration.ofMinutes(5));
        check.check();
        assertThat(calls).hasValue(1);

        now = now.plus(Duration.ofMinutes(6));
        answers.add(new AzureException(new AzureError(AzureErrorKind.TERMINAL, 404, "SubscriptionNotFound",
                "The subscription 'sub-1' could not be found.", null), null));
        check.check();
        assertThat(calls).hasValue(2);
        assertThat(check.health().getDetails()).containsEntry("code", "SubscriptionNotFound");
    }
}
