package io.dockyard.hosts;

import io.dockyard.support.ApiResponse;
import io.dockyard.support.ApiTestSupport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class HostPaginationTest extends ApiTestSupport {

    @Test
    void pagesAreCompleteAndDisjointWhileHostsAreAdded() {
        Set<String> before = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            before.add(create(teamA, "page-" + i).get("id").stringValue());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        int added = 0;
        do {
            ApiResponse page = api.get("/api/v1/hosts?limit=5" + (cursor == null ? "" : "&cursor=" + cursor), teamA);
            assertThat(page.status()).isEqualTo(200);
            page.json().get("items").forEach(h -> seen.add(h.get("id").stringValue()));
            JsonNode next = page.json().get("nextCursor");
            cursor = next.isNull() ? null : next.stringValue();
            if (pages++ < 3) {
                create(teamA, "added-" + added++);
            }
        } while (cursor != null);

        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(before);
        assertThat(seen).hasSize(23 + added);
    }

    @Test
    void listsOldestFirstAndEndsWithNullCursor() {
        String first = create(teamA, "first").get("id").stringValue();
        String second = create(teamA, "second").get("id").stringValue();

        JsonNode page = api.get("/api/v1/hosts", teamA).json();

        assertThat(page.get("items")).extracting(h -> h.get("id").stringValue()).containsExactly(first, second);
        assertThat(page.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void filtersByNameLocationAndPhase() {
        create(teamA, "alpha");
        var east = spec("bravo");
        east.put("location", "eastus");
        create(teamA, east);
        String deleting = create(teamA, "charlie").get("id").stringValue();
        api.delete("/api/v1/hosts/" + deleting, teamA);

        assertThat(names("/api/v1/hosts?name=alpha")).containsExactly("alpha");
        assertThat(names("/api/v1/hosts?location=eastus")).containsExactly("bravo");
        assertThat(names("/api/v1/hosts?phase=Deleting")).containsExactly("charlie");
        assertThat(names("/api/v1/hosts?phase=Pending")).containsExactly("alpha", "bravo");
    }

    @Test
    void refusesBadListParameters() {
        assertThat(api.get("/api/v1/hosts?limit=0", teamA).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/hosts?limit=201", teamA).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/hosts?limit=ten", teamA).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/hosts?phase=Sleeping", teamA).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/hosts?cursor=garbage", teamA).status()).isEqualTo(400);
    }

    private List<String> names(String path) {
        List<String> names = new ArrayList<>();
        api.get(path, teamA).json().get("items").forEach(h -> names.add(h.at("/spec/name").stringValue()));
        return names;
    }
}
