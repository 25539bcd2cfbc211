package io.dockyard.simulator;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.resources.ResourceManager;

import reactor.core.publisher.Mono;

/**
 * The unmodified Azure SDK pointed at a simulator, the way production code will be configured for it: a custom
 * environment whose Resource Manager endpoint is the simulator, a credential that hands out any token, and the JDK
 * HTTP client trusting the simulator's CA.
 */
public record SdkClients(ResourceManager resources, NetworkManager network, ComputeManager compute, HttpClient http) {

    public static SdkClients of(ArmSimulator simulator) {
        return of(simulator, Duration.ofSeconds(30));
    }

    public static SdkClients of(ArmSimulator simulator, Duration responseTimeout) {
        return of(simulator, responseTimeout, -1);
    }

    /** Clients whose retry policy makes at most this many retries, 100 ms apart at first; negative keeps the SDK's. */
    public static SdkClients of(ArmSimulator simulator, Duration responseTimeout, int maxRetries) {
        com.azure.core.http.policy.RetryOptions retries = maxRetries < 0 ? null : new com.azure.core.http.policy.RetryOptions(
                new com.azure.core.http.policy.ExponentialBackoffOptions().setMaxRetries(maxRetries)
                        .setBaseDelay(Duration.ofMillis(100)).setMaxDelay(Duration.ofSeconds(2)));
        HttpClient http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(trusting(simulator)))
                .responseTimeout(responseTimeout).build();
        AzureProfile profile = profile(simulator);
        TokenCredential credential = context -> Mono.just(new AccessToken("simulated-token", OffsetDateTime.now().plusHours(1)));
        ResourceManager resources = configure(ResourceManager.configure(), http, retries).authenticate(credential, profile)
                .withSubscription(simulator.subscriptionId());
        NetworkManager network = configure(NetworkManager.configure(), http, retries).authenticate(credential, profile);
        ComputeManager compute = configure(ComputeManager.configure(), http, retries).authenticate(credential, profile);
        return new SdkClients(resources, network, compute, http);
    }

    private static <T extends com.azure.resourcemanager.resources.fluentcore.arm.AzureConfigurable<T>> T configure(T configurable,
            HttpClient http, com.azure.core.http.policy.RetryOptions retries) {
        configurable.withHttpClient(http);
        return retries == null ? configurable : configurable.withRetryOptions(retries);
    }

    public static AzureProfile profile(ArmSimulator simulator) {
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        String url = simulator.armUrl().toString();
        endpoints.put("resourceManagerEndpointUrl", url);
        endpoints.put("managementEndpointUrl", url);
        return new AzureProfile(simulator.tenantId(), simulator.subscriptionId(), new AzureEnvironment(endpoints));
    }

    public static SSLContext trusting(ArmSimulator simulator) {
        return trusting(simulator.caCertificate());
    }

    public static SSLContext trusting(java.nio.file.Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("simulator", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
