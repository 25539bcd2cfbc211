package io.dockyard.security.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import io.dockyard.security.CallerPrincipal;
import io.dockyard.web.ApiProblem;

/**
 * Per-principal limits on writes and on credentials handed out, so that one runaway script or stolen token cannot
 * flood Azure with hosts or mint certificates by the thousand. It runs after authentication (a plain filter bean
 * comes after Spring Security's chain), keys on the caller's subject, and refuses with 429, a Retry-After and a
 * problem document; reads are never limited here. Buckets of principals quiet for a whole period are dropped.
 */
@Component
class RateLimitFilter extends OncePerRequestFilter {

    private static final Pattern CREDENTIALS = Pattern.compile("^/api/v1/(tokens|hosts/[^/]+/client-certificates)/?$");
    private static final int SWEEP_ABOVE = 10_000;

    private final SecurityProperties.RateLimits limits;
    private final HandlerExceptionResolver resolver;
    private final LongSupplier clock;
    private final Map<String, TokenBucket> writes = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> credentials = new ConcurrentHashMap<>();

    @Autowired
    RateLimitFilter(SecurityProperties properties,
                    @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
        this(properties.rateLimits(), resolver, System::nanoTime);
    }

    RateLimitFilter(SecurityProperties.RateLimits limits, HandlerExceptionResolver resolver, LongSupplier clock) {
        this.limits = limits;
        this.resolver = resolver;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        boolean write = method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || method.equals("DELETE");
        return !limits.enabled() || !write || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof CallerPrincipal caller)) {
            chain.doFilter(request, response);
            return;
        }
        long now = clock.getAsLong();
        long wait = take(writes, caller.subject(), limits.writesPerMinute(), Duration.ofMinutes(1), now);
        String what = "writes: at most " + limits.writesPerMinute() + " a minute";
        if (wait == 0 && request.getMethod().equals("POST") && CREDENTIALS.matcher(request.getRequestURI()).matches()) {
            wait = take(credentials, caller.subject(), limits.credentialsPerHour(), Duration.ofHours(1), now);
            what = "new credentials (client certificates and API tokens): at most " + limits.credentialsPerHour()
                    + " an hour";
        }
        if (wait > 0) {
            long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
            resolver.resolveException(request, response, null, ApiProblem.tooManyRequests("Too many " + what
                    + " for " + caller.subject() + ". Retry after " + seconds + " s.", seconds));
            return;
        }
        chain.doFilter(request, response);
    }

    private static long take(Map<String, TokenBucket> buckets, String key, int perPeriod, Duration period, long now) {
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(bucket -> bucket.full(now));
        }
        return buckets.computeIfAbsent(key, k -> new TokenBucket(perPeriod, period.toNanos() / perPeriod, now)).take(now);
    }
}
