package io.dockyard.azure.internal;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Puts every request the SDK sends through {@link ArmBudget} — a token before it goes, a lesson from its answer —
 * and counts it.
 */
final class ArmBudgetPolicy implements HttpPipelinePolicy {

    private final ArmBudget budget;
    private final ArmCallMetrics metrics;

    ArmBudgetPolicy(ArmBudget budget, ArmCallMetrics metrics) {
        this.budget = budget;
        this.metrics = metrics;
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        ArmBudget.Kind kind = ArmBudget.Kind.of(context.getHttpRequest().getHttpMethod().name());
        acquire(kind);
        HttpResponse response = next.processSync();
        learn(kind, response);
        metrics.record(context.getHttpRequest().getHttpMethod().name(), context.getHttpRequest().getUrl().getPath(),
                response.getStatusCode());
        return response;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        ArmBudget.Kind kind = ArmBudget.Kind.of(context.getHttpRequest().getHttpMethod().name());
        return Mono.fromRunnable(() -> acquire(kind)).subscribeOn(Schedulers.boundedElastic())
                .then(Mono.defer(next::process)).doOnNext(response -> {
                    learn(kind, response);
                    metrics.record(context.getHttpRequest().getHttpMethod().name(),
                            context.getHttpRequest().getUrl().getPath(), response.getStatusCode());
                });
    }

    private void acquire(ArmBudget.Kind kind) {
        try {
            budget.acquire(kind);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for ARM budget", e);
        }
    }

    private void learn(ArmBudget.Kind kind, HttpResponse response) {
        budget.observe(kind, response.getStatusCode(), response.getHeaderValue("Retry-After"),
                response.getHeaderValue(kind.remainingHeader()));
    }
}
