package io.dockyard.hosts;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A team's quota of live hosts: the create beyond it is refused with the figures and stores nothing, a host being
 * deleted frees its place, other teams are not affected, and concurrent creates never overshoot.
 */
@TestPropertySource(properties = "dockyard.hosts.max-hosts-per-team=3")
class HostQuotaTest extends ApiTestSupport {

    private ApiResponse createNamed(String token, String name) {
        return api.post("/api/v1/hosts", token, spec(name).toString());
    }

    private int liveHosts(String token) {
        return api.get("/api/v1/hosts?limit=200", token).json().path("items").size();
    }

    @Test
    void refusesTheHostBeyondTheQuotaWithTheFiguresAndStoresNothing() {
        for (int i = 1; i <= 3; i++) {
            assertThat(createNamed(teamA, "quota-" + i).status()).isEqualTo(201);
        }

        ApiResponse refused = createNamed(teamA, "quota-4");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().path("type").asString()).endsWith("/host-quota-exceeded");
        assertThat(refused.json().path("quota").asInt()).isEqualTo(3);
        assertThat(refused.json().path("hosts").asInt()).isEqualTo(3);
        assertThat(refused.json().path("detail").asString()).contains("max-hosts-per-team");
        assertThat(liveHosts(teamA)).isEqualTo(3);
        assertThat(createNamed(teamB, "quota-1").status()).as("another team has its own quota").isEqualTo(201);
    }

    @Test
    void aHostBeingDeletedFreesItsPlace() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ids.add(createNamed(teamA, "room-" + i).json().path("id").asString());
        }
        assertThat(api.delete("/api/v1/hosts/" + ids.getFirst(), teamA).status()).isEqualTo(202);

        assertThat(createNamed(teamA, "room-4").status()).isEqualTo(201);
    }

    @Test
    void concurrentCreatesNeverOvershootTheQuota() throws Exception {
        List<Callable<Integer>> creates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = "race-" + i;
            creates.add(() -> createNamed(teamA, name).status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Integer> status : threads.invokeAll(creates)) {
                statuses.add(status.get());
            }
        }
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(3);
        assertThat(statuses).filteredOn(s -> s != 201).containsOnly(409);
        assertThat(liveHosts(teamA)).isEqualTo(3);
    }
}
