package io.dockyard.security.internal;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.Map;

/**
 * The issuer's signing keys found through OpenID Connect discovery: {@code jwks_uri} is read from
 * {@code <issuer>/.well-known/openid-configuration} when keys are first needed, not at start, so the
 * service starts while the identity provider is unreachable. A failed discovery is retried on a later
 * request (Nimbus's rate limiter above this source spaces the attempts).
 */
final class DiscoveredJwkSetSource implements JWKSetSource<SecurityContext> {

    private final URI issuer;
    private final ResourceRetriever retriever;
    private volatile URLBasedJWKSetSource<SecurityContext> keys;

    DiscoveredJwkSetSource(URI issuer, ResourceRetriever retriever) {
        this.issuer = issuer;
        this.retriever = retriever;
    }

    static URI configurationUri(URI issuer) {
        String base = issuer.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/.well-known/openid-configuration");
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
            throws KeySourceException {
        return keys().getJWKSet(refreshEvaluator, currentTime, context);
    }

    private URLBasedJWKSetSource<SecurityContext> keys() throws KeySourceException {
        URLBasedJWKSetSource<SecurityContext> found = keys;
        if (found != null) {
            return found;
        }
        synchronized (this) {
            if (keys == null) {
                keys = new URLBasedJWKSetSource<>(discover(), retriever);
            }
            return keys;
        }
    }

    private URL discover() throws KeySourceException {
        URI location = configurationUri(issuer);
        try {
            Map<String, Object> document = JSONObjectUtils.parse(retriever.retrieveResource(location.toURL()).getContent());
            // A document that names another issuer belongs to another tenant or a spoofed endpoint.
            String named = JSONObjectUtils.getString(document, "issuer");
            if (!issuer.toString().equals(named)) {
                throw new KeySourceException("The OpenID configuration at " + location + " names issuer '" + named
                        + "', not the configured " + issuer);
            }
            URI jwks = JSONObjectUtils.getURI(document, "jwks_uri");
            if (jwks == null || !jwks.isAbsolute()) {
                throw new KeySourceException("The OpenID configuration at " + location + " has no absolute jwks_uri");
            }
            return jwks.toURL();
        } catch (IOException | ParseException | IllegalArgumentException e) {
            throw new KeySourceException("OpenID discovery at " + location + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        URLBasedJWKSetSource<SecurityContext> found = keys;
        if (found != null) {
            found.close();
        }
    }
}
