package io.dockyard.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A stand-in OpenID Connect issuer for the whole test JVM: an RSA and an EC signing key generated at
 * start, published as a JWKS (and a discovery document) by a JDK HTTP server on loopback, and a way to
 * mint tokens signed with them. As a context initializer it turns OIDC sign-in on in the shared
 * application context, so every API test runs with both credentials accepted, as production does.
 */
public final class TestIdentityProvider {

    public static final String AUDIENCE = "api://dockyard-test";
    /** An Entra-style group object id that the test configuration maps to {@code team-a}. */
    public static final String TEAM_A_GROUP = "0b3e5f1c-7a2d-4c9e-8f61-2d4a9b7c1e05";
    public static final String ADMIN_ROLE = "Dockyard.Admin";

    private static TestIdentityProvider instance;

    private final HttpServer server;
    private final RSAKey rsaKey;
    private final ECKey ecKey;
    private final AtomicInteger keyFetches = new AtomicInteger();

    private TestIdentityProvider(HttpServer server, RSAKey rsaKey, ECKey ecKey) {
        this.server = server;
        this.rsaKey = rsaKey;
        this.ecKey = ecKey;
    }

    public static synchronized TestIdentityProvider get() {
        if (instance == null) {
            try {
                RSAKey rsa = new RSAKeyGenerator(2048).keyID("test-rsa-1").generate();
                ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("test-ec-1").generate();
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                instance = new TestIdentityProvider(server, rsa, ec);
                instance.serve();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    private void serve() {
        String keys = new JWKSet(List.<JWK>of(rsaKey.toPublicJWK(), ecKey.toPublicJWK())).toString();
        server.createContext("/tenant/keys", exchange -> {
            keyFetches.incrementAndGet();
            respond(exchange, keys);
        });
        server.createContext("/tenant/.well-known/openid-configuration", exchange -> respond(exchange,
                "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + jwkSetUri() + "\"}"));
        // A discovery document that names another issuer than the one it is served for.
        server.createContext("/impostor/.well-known/openid-configuration", exchange -> respond(exchange,
                "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + jwkSetUri() + "\"}"));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    }

    private static void respond(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Points the application's OIDC settings at this issuer, as production points them at Entra ID. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestIdentityProvider idp = get();
            TestPropertyValues.of(
                    "dockyard.security.oidc.enabled=true",
                    "dockyard.security.oidc.issuer-uri=" + idp.issuer(),
                    "dockyard.security.oidc.jwk-set-uri=" + idp.jwkSetUri(),
                    "dockyard.security.oidc.audiences=" + AUDIENCE,
                    "dockyard.security.oidc.team-mapping[" + TEAM_A_GROUP + "]=team-a").applyTo(context);
        }
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/tenant";
    }

    public String jwkSetUri() {
        return issuer() + "/keys";
    }

    /** How often the JWKS was fetched, to show that keys are cached. */
    public int keyFetches() {
        return keyFetches.get();
    }

    public RSAKey rsaKey() {
        return rsaKey;
    }

    public ECKey ecKey() {
        return ecKey;
    }

    /**
     * Claims of a valid token for {@code name}: this issuer, the test audience, ten minutes to live,
     * the given groups and app roles.
     */
    public JWTClaimsSet.Builder claims(String name, List<String> groups, List<String> roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer())
                .audience(AUDIENCE)
                .subject("sub-" + name)
                .claim("preferred_username", name)
                .claim("groups", groups)
                .claim("roles", roles)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
    }

    /** A valid RS256 token of a user in {@code groups}. */
    public String token(String name, List<String> groups) {
        return sign(claims(name, groups, List.of()).build());
    }

    /** A valid RS256 token, with the claims changed by {@code change}. */
    public String token(String name, List<String> groups, UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(change.apply(claims(name, groups, List.of())).build());
    }

    public String sign(JWTClaimsSet claims) {
        return sign(claims, rsaKey.getKeyID(), JWSAlgorithm.RS256, signer(rsaKey));
    }

    public String signEc(JWTClaimsSet claims) {
        try {
            return sign(claims, ecKey.getKeyID(), JWSAlgorithm.ES256, new ECDSASigner(ecKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(JWTClaimsSet claims, String keyId, JWSAlgorithm algorithm, JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    public static JWSSigner signer(RSAKey key) {
        try {
            return new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuer whose discovery document claims to be {@link #issuer()}. */
    public String impostorIssuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/impostor";
    }
}
