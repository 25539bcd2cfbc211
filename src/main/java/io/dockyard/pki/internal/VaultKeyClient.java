package io.dockyard.pki.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.AzureAuthorityHosts;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Key Vault key that wraps Dockyard's data key-encryption keys, called through the Azure SDK on the JDK HTTP
 * client. Wrap and unwrap both run inside Key Vault (the SDK's key caching is off), so the vault checks on every call
 * that the key version is enabled and the caller may use it, and the private key never leaves the vault. Failures
 * come back as {@link KeyVaultFailure} with Key Vault's error code.
 */
final class VaultKeyClient {

    static final KeyWrapAlgorithm ALGORITHM = KeyWrapAlgorithm.RSA_OAEP_256;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String vaultUrl;
    private final String name;
    private final String pinnedVersion;
    private final Supplier<CryptographyClientBuilder> crypto;
    private final KeyClient keys;
    private final Map<String, CryptographyClient> clients = new ConcurrentHashMap<>();

    private VaultKeyClient(String vaultUrl, String name, String pinnedVersion, HttpClient http,
                           TokenCredential credential, boolean foreignEndpoint) {
        this.vaultUrl = vaultUrl;
        this.name = name;
        this.pinnedVersion = pinnedVersion;
        // A start or an hourly check may wait a little for a throttled or briefly unavailable vault, not for minutes.
        RetryOptions retries = new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(2)
                .setBaseDelay(Duration.ofMillis(500)).setMaxDelay(Duration.ofSeconds(4)));
        KeyClientBuilder keyBuilder = new KeyClientBuilder().vaultUrl(vaultUrl).httpClient(http).credential(credential)
                .retryOptions(retries);
        // Key Vault's 401 names the resource a token is for; the SDK checks it against the vault's DNS name, which
        // only Azure's own vaults can pass.
        if (foreignEndpoint) {
            keyBuilder.disableChallengeResourceVerification();
        }
        this.keys = keyBuilder.buildClient();
        this.crypto = () -> {
            CryptographyClientBuilder builder = new CryptographyClientBuilder().httpClient(http).credential(credential)
                    .retryOptions(retries).disableKeyCaching();
            return foreignEndpoint ? builder.disableChallengeResourceVerification() : builder;
        };
    }

    static VaultKeyClient from(PkiProperties.KeyVault settings) {
        URI uri;
        try {
            uri = URI.create(settings.keyId().trim());
        } catch (IllegalArgumentException e) {
            throw invalid(settings.keyId());
        }
        String[] path = uri.getPath() == null ? new String[0] : uri.getPath().replaceAll("/+$", "").split("/");
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || path.length < 3 || path.length > 4
                || !path[0].isEmpty() || !"keys".equals(path[1]) || path[2].isBlank()) {
            throw invalid(settings.keyId());
        }
        String vaultUrl = "https://" + uri.getRawAuthority();
        String version = path.length == 4 && !path[3].isBlank() ? path[3] : null;
        boolean foreign = settings.trustedCa() != null;
        HttpClient http = http(foreign ? trusting(settings.trustedCa()) : null);
        TokenCredential credential = foreign
                // A vault that is not Azure (a test double) accepts any bearer; Entra ID is never asked.
                ? context -> Mono.just(new AccessToken("dockyard-key-vault", OffsetDateTime.now().plusHours(1)))
                : new DefaultAzureCredentialBuilder().authorityHost(authorityHost(settings.cloud()))
                        .tenantId(settings.tenantId() == null || settings.tenantId().isBlank() ? null : settings.tenantId())
                        .httpClient(http).build();
        return new VaultKeyClient(vaultUrl, path[2], version, http, credential, foreign);
    }

    /** The configured identifier, for messages. */
    private String configured() {
        return vaultUrl + "/keys/" + name + (pinnedVersion == null ? "" : "/" + pinnedVersion);
    }

    /** The versioned identifier that should wrap now: the pinned version, or else the newest. */
    String wrappingVersion() {
        KeyVaultKey key = call(configured(), "read", () -> pinnedVersion == null ? keys.getKey(name)
                : keys.getKey(name, pinnedVersion));
        if (Boolean.FALSE.equals(key.getProperties().isEnabled())) {
            throw new KeyVaultFailure(key.getId(), "KeyDisabled", "the key version is disabled", null);
        }
        if (key.getKeyType() != null && !KeyType.RSA.equals(key.getKeyType()) && !KeyType.RSA_HSM.equals(key.getKeyType())) {
            throw new KeyVaultFailure(key.getId(), "NotAnRsaKey", "wrapping with " + ALGORITHM + " needs an RSA key, "
                    + "this one is " + key.getKeyType(), null);
        }
        return key.getId();
    }

    byte[] wrap(String versionId, byte[] plainKey) {
        return call(versionId, "wrap a key with", () -> client(versionId).wrapKey(ALGORITHM, plainKey).getEncryptedKey());
    }

    byte[] unwrap(String versionId, byte[] wrappedKey) {
        return call(versionId, "unwrap a key with", () -> client(versionId).unwrapKey(ALGORITHM, wrappedKey).getKey());
    }

    private CryptographyClient client(String versionId) {
        return clients.computeIfAbsent(versionId, id -> crypto.get().keyIdentifier(id).buildClient());
    }

    private static <T> T call(String keyId, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (HttpResponseException e) {
            if (e.getResponse() == null) {
                // No answer from Key Vault: the credential could not get a token (e.g. no managed identity).
                throw new KeyVaultFailure(keyId, e.getClass().getSimpleName(), "no token to " + what + " it: "
                        + e.getMessage(), e);
            }
            String code = "HTTP " + e.getResponse().getStatusCode();
            String message = e.getMessage();
            JsonNode error = errorOf(e);
            if (error != null && error.hasNonNull("code")) {
                code = error.get("code").asString();
                message = error.path("message").asString(message);
            }
            throw new KeyVaultFailure(keyId, code, "Key Vault refused to " + what + " it: "
                    + message.replaceAll("[.\\s]+$", ""), e);
        } catch (RuntimeException e) {
            Throwable root = e;
            boolean network = false;
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                network |= t instanceof IOException || t instanceof java.util.concurrent.TimeoutException;
                root = t;
            }
            throw new KeyVaultFailure(keyId, network ? "Unreachable" : root.getClass().getSimpleName(),
                    (network ? "Key Vault did not answer the request to " : "could not ") + what + " it: " + root, e);
        }
    }

    /** Key Vault's {@code {"error":{"code":..,"message":..}}}, which the SDK's generic exception carries as text. */
    private static JsonNode errorOf(HttpResponseException e) {
        try {
            Object value = e.getValue();
            String body = value instanceof String text ? text
                    : value != null ? JSON.writeValueAsString(value)
                    : e.getResponse().getBodyAsString().block();
            JsonNode error = body == null ? null : JSON.readTree(body).path("error");
            return error == null || error.isMissingNode() ? null : error;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static String authorityHost(String cloud) {
        return switch (cloud.toLowerCase(Locale.ROOT)) {
            case "azurecloud" -> AzureAuthorityHosts.AZURE_PUBLIC_CLOUD;
            case "azureusgovernment" -> AzureAuthorityHosts.AZURE_GOVERNMENT;
            case "azurechinacloud" -> AzureAuthorityHosts.AZURE_CHINA;
            default -> throw new IllegalStateException("dockyard.pki.key-vault.cloud must be AzureCloud, "
                    + "AzureUSGovernment or AzureChinaCloud, not " + cloud);
        };
    }

    private static IllegalStateException invalid(String keyId) {
        return new IllegalStateException("dockyard.pki.key-vault.key-id must be a Key Vault key identifier such as "
                + "https://myvault.vault.azure.net/keys/dockyard-kek (optionally with a version), not '" + keyId + "'");
    }

    private static HttpClient http(SSLContext tls) {
        java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10));
        if (tls != null) {
            builder.sslContext(tls);
        }
        return new JdkHttpClientBuilder(builder).responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dockyard.pki.key-vault.trusted-ca " + caFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the CA in dockyard.pki.key-vault.trusted-ca " + caFile, e);
        }
    }

    /** A Key Vault call that failed: the key version asked, Key Vault's error code, and what happened. */
    static final class KeyVaultFailure extends RuntimeException {

        private final String keyId;
        private final String code;
        private final String reason;

        KeyVaultFailure(String keyId, String code, String reason, Throwable cause) {
            super(keyId + ": " + code + " (" + reason + ")", cause);
            this.keyId = keyId;
            this.code = code;
            this.reason = reason;
        }

        String keyId() {
            return keyId;
        }

        String code() {
            return code;
        }

        String reason() {
            return reason;
        }
    }
}
