package io.dockyard.security.internal;

import io.dockyard.security.ApiTokenActivity;
import io.dockyard.security.ApiTokenView;
import io.dockyard.security.ApiTokens;
import io.dockyard.security.CallerPrincipal;
import io.dockyard.security.IssuedApiToken;
import io.dockyard.security.NewApiToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Mints, lists, revokes and verifies API tokens. A token is {@code dy_} followed by 32 random bytes
 * in base64url; with that much entropy a plain SHA-256 is the right hash (no salt or stretching is
 * needed, and lookups stay a single index probe). Verified tokens are cached briefly so that a busy
 * client does not cost a database round trip per request.
 */
@Service
class DefaultApiTokens implements ApiTokens {

    static final String PREFIX = "dy_";
    private static final int CACHE_LIMIT = 10_000;

    private final ApiTokenRepository repository;
    private final SecurityProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    DefaultApiTokens(ApiTokenRepository repository, SecurityProperties properties, Clock clock,
            ApplicationEventPublisher events) {
        this.repository = repository;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
    }

    @Override
    @Transactional
    public IssuedApiToken issue(NewApiToken request, String createdBy) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new IssuedApiToken(store(secret, hash(secret), request, createdBy), secret);
    }

    @Override
    @Transactional
    public boolean importIfAbsent(String secret, NewApiToken request, String createdBy) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() < PREFIX.length() + 32) {
            throw new IllegalArgumentException("A bootstrap token must start with '" + PREFIX
                    + "' followed by at least 32 random characters.");
        }
        byte[] hash = hash(secret);
        if (repository.findByHash(hash).isPresent()) {
            return false;
        }
        store(secret, hash, request, createdBy);
        return true;
    }

    /** Stores a token's hash and description; the default lifetime applies when none is asked. */
    private ApiTokenView store(String secret, byte[] hash, NewApiToken request, String createdBy) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant expiresAt = request.expiresAt() != null ? request.expiresAt() : now.plus(properties.tokenDefaultTtl());
        ApiTokenView view = new ApiTokenView(UUID.randomUUID(), request.team(), request.role(), request.description(),
                secret.substring(0, PREFIX.length() + 6), now, createdBy, expiresAt.truncatedTo(ChronoUnit.MICROS), null);
        repository.insert(view, hash);
        // In this transaction: listeners (the audit trail) commit or roll back with the token.
        events.publishEvent(new ApiTokenActivity.Issued(view));
        return view;
    }

    @Override
    public List<ApiTokenView> list() {
        return repository.findAll();
    }

    @Override
    @Transactional
    public Optional<ApiTokenView> revoke(UUID id) {
        repository.hashOf(id).ifPresent(h -> cache.remove(HexFormat.of().formatHex(h)));
        boolean revokedNow = repository.markRevoked(id);
        Optional<ApiTokenView> token = repository.find(id);
        if (revokedNow) {
            token.ifPresent(t -> events.publishEvent(new ApiTokenActivity.Revoked(t)));
        }
        return token;
    }

    @Override
    public Optional<CallerPrincipal> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
            return Optional.empty();
        }
        byte[] hash = hash(secret);
        String key = HexFormat.of().formatHex(hash);
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached == null || cached.checkedAt.plus(properties.tokenCacheTtl()).isBefore(now)) {
            Optional<ApiTokenView> found = repository.findByHash(hash);
            cached = new Cached(found.orElse(null), now);
            if (cache.size() > CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(key, cached);
        }
        ApiTokenView token = cached.token;
        if (token == null || token.revokedAt() != null || !token.expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(new CallerPrincipal("token:" + token.id(), token.team(), token.role()));
    }

    static byte[] hash(String secret) {
        try {
            // Cloning a prototype skips the provider lookup of getInstance on every request.
            MessageDigest digest = (MessageDigest) SHA256.clone();
            return digest.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final MessageDigest SHA256 = sha256();

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Cached(ApiTokenView token, Instant checkedAt) {
    }
}
