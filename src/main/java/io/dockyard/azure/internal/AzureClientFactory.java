package io.dockyard.azure.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.fluentcore.arm.AzureConfigurable;

import io.dockyard.azure.AzureConnection;
import io.dockyard.azure.AzureProperties;
import reactor.core.publisher.Mono;

/**
 * Builds the SDK's managers: for Azure itself (DefaultAzureCredential — managed identity or environment — against
 * AzureCloud, AzureUSGovernment or AzureChinaCloud), or for another endpoint such as the simulator (a custom
 * environment, a stand-in credential, an HTTP client that trusts its CA). Both get the same pipeline: the JDK HTTP
 * client, the ARM budget, and no SDK retries — the reconciler owns retrying (see {@link io.dockyard.azure.AzureResources}).
 */
final class AzureClientFactory {

    private AzureClientFactory() {
    }

    static AzureClients forAzure(AzureProperties properties) {
        return forAzure(properties, null);
    }

    static AzureClients forAzure(AzureProperties properties, io.micrometer.core.instrument.MeterRegistry meters) {
        AzureEnvironment environment = cloud(properties.cloud());
        HttpClient http = http(null, properties.responseTimeout());
        TokenCredential credential = new DefaultAzureCredentialBuilder()
                .authorityHost(environment.getActiveDirectoryEndpoint())
                .tenantId(properties.tenantId()).httpClient(http).build();
        AzureProfile profile = new AzureProfile(properties.tenantId(), properties.subscriptionId(), environment);
        return build(profile, http, credential, properties, meters);
    }

    static AzureClients forEndpoint(AzureConnection connection, AzureProperties properties) {
        return forEndpoint(connection, properties, null);
    }

    static AzureClients forEndpoint(AzureConnection connection, AzureProperties properties,
                                    io.micrometer.core.instrument.MeterRegistry meters) {
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        String url = connection.endpoint().toString();
        endpoints.put("resourceManagerEndpointUrl", url);
        endpoints.put("managementEndpointUrl", url);
        HttpClient http = http(trusting(connection.trustedCa()), properties.responseTimeout());
        // The simulator accepts any bearer token; Azure itself is never reached with this credential.
        TokenCredential credential = context -> Mono.just(new AccessToken("dockyard-simulated",
                OffsetDateTime.now().plusHours(1)));
        AzureProfile profile = new AzureProfile(connection.tenantId(), connection.subscriptionId(),
                new AzureEnvironment(endpoints));
        return build(profile, http, credential, properties, meters);
    }

    static AzureEnvironment cloud(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "azurecloud" -> AzureEnvironment.AZURE;
            case "azureusgovernment" -> AzureEnvironment.AZURE_US_GOVERNMENT;
            case "azurechinacloud" -> AzureEnvironment.AZURE_CHINA;
            default -> throw new IllegalArgumentException("dockyard.azure.cloud must be AzureCloud, AzureUSGovernment "
                    + "or AzureChinaCloud, not " + name);
        };
    }

    private static AzureClients build(AzureProfile profile, HttpClient http, TokenCredential credential,
                                      AzureProperties properties, io.micrometer.core.instrument.MeterRegistry meters) {
        ArmBudgetPolicy budget = new ArmBudgetPolicy(new ArmBudget(properties.budget(), System::nanoTime),
                new ArmCallMetrics(meters));
        ResourceManager resources = configure(ResourceManager.configure(), http, budget).authenticate(credential, profile)
                .withSubscription(profile.getSubscriptionId());
        NetworkManager network = configure(NetworkManager.configure(), http, budget).authenticate(credential, profile);
        ComputeManager compute = configure(ComputeManager.configure(), http, budget).authenticate(credential, profile);
        return new AzureClients(profile.getSubscriptionId(), resources, network, compute);
    }

    private static <T extends AzureConfigurable<T>> T configure(T configurable, HttpClient http, ArmBudgetPolicy budget) {
        return configurable.withHttpClient(http).withPolicy(budget)
                .withRetryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))));
    }

    private static HttpClient http(SSLContext tls, Duration responseTimeout) {
        java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10));
        if (tls != null) {
            builder.sslContext(tls);
        }
        return new JdkHttpClientBuilder(builder).responseTimeout(responseTimeout).build();
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
            throw new UncheckedIOException("cannot read the CA that should make " + caFile + " trusted", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the CA in " + caFile, e);
        }
    }
}
