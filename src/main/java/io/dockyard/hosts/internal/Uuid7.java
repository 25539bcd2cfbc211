package io.dockyard.hosts.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Time-ordered UUIDs (RFC 9562 version 7): host ids sort by creation, so keyset pagination by id
 * lists hosts oldest first and new hosts always land after every cursor already handed out.
 */
final class Uuid7 {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis;
    private static long sequence;

    private Uuid7() {
    }

    static synchronized UUID next(Clock clock) {
        long millis = clock.millis();
        if (millis <= lastMillis) {
            millis = lastMillis;
            sequence++;
            if (sequence > 0xFFF) {
                millis = ++lastMillis;
                sequence = RANDOM.nextInt(0x400);
            }
        } else {
            sequence = RANDOM.nextInt(0x400);
        }
        lastMillis = millis;
        long high = (millis << 16) | 0x7000L | sequence;
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
