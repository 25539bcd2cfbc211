package io.dockyard.azure.internal;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

import io.dockyard.azure.AzureError;
import io.dockyard.azure.AzureErrorKind;
import io.dockyard.azure.AzureException;
import io.dockyard.azure.AzureProperties.Budget;

/**
 * Client-side token buckets for one subscription, a configurable share of ARM's (reads 250 + 25/s, writes 200 +
 * 10/s, deletes 200 + 10/s), so that many hosts reconciling at once queue here instead of drawing 429s. A 429's
 * Retry-After pauses its bucket for every caller; a low {@code x-ms-ratelimit-remaining-subscription-*} header —
 * other clients share the subscription — shrinks the bucket to what Azure says is left. A call that would wait
 * longer than {@code maxWait} is handed back as a transient error carrying the wait, so no thread idles for long.
 */
final class ArmBudget {

    /** ARM's bucket classes, by HTTP method. */
    enum Kind {
        READS(250, 25), WRITES(200, 10), DELETES(200, 10);

        final int capacity;
        final double perSecond;

        Kind(int capacity, double perSecond) {
            this.capacity = capacity;
            this.perSecond = perSecond;
        }

        static Kind of(String method) {
            return switch (method.toUpperCase(Locale.ROOT)) {
                case "GET", "HEAD" -> READS;
                case "DELETE" -> DELETES;
                default -> WRITES;
            };
        }

        String remainingHeader() {
            return "x-ms-ratelimit-remaining-subscription-" + name().toLowerCase(Locale.ROOT);
        }
    }

    private final Budget settings;
    private final LongSupplier nanos;
    private final Map<Kind, Bucket> buckets = new EnumMap<>(Kind.class);

    ArmBudget(Budget settings, LongSupplier nanos) {
        this.settings = settings;
        this.nanos = nanos;
        for (Kind kind : Kind.values()) {
            buckets.put(kind, new Bucket(kind.capacity * settings.share(), kind.perSecond * settings.share()
                    * settings.timeFactor(), nanos.getAsLong()));
        }
    }

    /** Takes one token, waiting up to maxWait; beyond that throws a transient error with the wait as Retry-After. */
    void acquire(Kind kind) throws InterruptedException {
        if (!settings.enabled()) {
            return;
        }
        Bucket bucket = buckets.get(kind);
        long deadline = nanos.getAsLong() + settings.maxWait().toNanos();
        while (true) {
            long wait;
            synchronized (bucket) {
                wait = bucket.take(nanos.getAsLong());
            }
            if (wait == 0) {
                return;
            }
            if (nanos.getAsLong() + wait > deadline) {
                throw new AzureException(new AzureError(AzureErrorKind.TRANSIENT, 429, "ClientBudgetExhausted",
                        "Dockyard's share of ARM's " + kind.name().toLowerCase(Locale.ROOT) + " budget is used up.",
                        Duration.ofSeconds(Math.max(1, (long) Math.ceil(wait / 1e9)))), null);
            }
            Thread.sleep(Math.max(1, wait / 1_000_000), (int) (wait % 1_000_000));
        }
    }

    /** Learns from an answer: a 429 pauses the bucket; the remaining-requests header caps it. */
    void observe(Kind kind, int status, String retryAfter, String remaining) {
        if (!settings.enabled()) {
            return;
        }
        Bucket bucket = buckets.get(kind);
        long now = nanos.getAsLong();
        synchronized (bucket) {
            if (status == 429) {
                Duration pause = ErrorClassifier.retryAfter(retryAfter);
                bucket.pauseUntil(now + (pause == null ? Duration.ofSeconds(1) : pause).toNanos());
            }
            if (remaining != null) {
                try {
                    double left = Double.parseDouble(remaining.trim());
                    if (left < kind.capacity * settings.lowRemaining()) {
                        bucket.cap(left * settings.share(), now);
                    }
                } catch (NumberFormatException ignored) {
                    // ARM always sends a number; anything else tells us nothing.
                }
            }
        }
    }

    double tokens(Kind kind) {
        Bucket bucket = buckets.get(kind);
        synchronized (bucket) {
            bucket.refill(nanos.getAsLong());
            return bucket.tokens;
        }
    }

    private static final class Bucket {
        final double capacity;
        final double perSecond;
        double tokens;
        long refilledAt;
        long pausedUntil;

        Bucket(double capacity, double perSecond, long now) {
            this.capacity = Math.max(1, capacity);
            this.perSecond = Math.max(0.001, perSecond);
            this.tokens = this.capacity;
            this.refilledAt = now;
        }

        void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
        }

        /** 0 when a token was taken, else the nanoseconds until one will be there. */
        long take(long now) {
            if (now < pausedUntil) {
                return pausedUntil - now;
            }
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perSecond * 1e9);
        }

        void pauseUntil(long until) {
            pausedUntil = Math.max(pausedUntil, until);
        }

        void cap(double value, long now) {
            refill(now);
            tokens = Math.min(tokens, Math.max(0, value));
        }
    }
}
