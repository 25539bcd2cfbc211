package io.dockyard.pki.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * After a key-encryption key rotation, re-seals the CA keys still sealed under a previous key, a batch at a time, on
 * every instance (the writes are conditional, so instances do not step on each other). Once nothing is left under
 * the old key, the operator can drop it from {@code dockyard.pki.other-keks}.
 */
@Component
class AuthorityKeyReseal {

    private static final Logger log = LoggerFactory.getLogger(AuthorityKeyReseal.class);
    private final AuthorityStore store;

    AuthorityKeyReseal(AuthorityStore store) {
        this.store = store;
    }

    @Scheduled(initialDelayString = "PT20S", fixedDelayString = "PT10M")
    public void reseal() {
        int total = 0;
        for (int batch = store.resealStale(100); batch > 0; batch = store.resealStale(100)) {
            total += batch;
        }
        if (total > 0) {
            log.info("Re-sealed {} CA keys under the current key-encryption key", total);
        }
    }
}
