package io.dockyard.security.internal;

/**
 * A token bucket on a monotonic clock: it holds up to {@code capacity} tokens and gains one every
 * {@code nanosPerToken}. A take either succeeds or says how long until the next token, so a refusal can carry an
 * honest Retry-After.
 */
final class TokenBucket {

    private final long capacity;
    private final long nanosPerToken;
    private double tokens;
    private long last;

    TokenBucket(long capacity, long nanosPerToken, long now) {
        this.capacity = capacity;
        this.nanosPerToken = nanosPerToken;
        this.tokens = capacity;
        this.last = now;
    }

    /** 0 when a token was taken; otherwise the nanoseconds until one will be there (nothing is taken). */
    synchronized long take(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) * nanosPerToken);
    }

    /** Whether the bucket is full at {@code now}: its principal has been quiet for a whole period. */
    synchronized boolean full(long now) {
        refill(now);
        return tokens >= capacity;
    }

    private void refill(long now) {
        if (now > last) {
            tokens = Math.min(capacity, tokens + (double) (now - last) / nanosPerToken);
            last = now;
        }
    }
}
