package io.dockyard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks, before anything starts, that production (profile {@code azure}, or no profile at all)
 * has every setting it needs, and stops with one message that names each missing or invalid one.
 * An operator fixes them all at once instead of one failed start per setting.
 */
public class RequiredSettings implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        List<String> profiles = Arrays.asList(environment.getActiveProfiles());
        boolean production = profiles.contains("azure") || profiles.isEmpty();
        if (!production || profiles.contains("local")) {
            return;
        }
        List<String> problems = new ArrayList<>();
        require(environment, "spring.datasource.url", "DOCKYARD_DB_URL", "the PostgreSQL JDBC URL, e.g. jdbc:postgresql://db:5432/dockyard", problems);
        require(environment, "spring.datasource.username", "DOCKYARD_DB_USERNAME", "the database user", problems);
        require(environment, "spring.datasource.password", "DOCKYARD_DB_PASSWORD", "the database password", problems);
        boolean environmentKek = present(environment, "dockyard.pki.kek");
        boolean vaultKek = present(environment, "dockyard.pki.key-vault.key-id");
        if (!environmentKek && !vaultKek) {
            problems.add("dockyard.pki.kek (DOCKYARD_PKI_KEK) or dockyard.pki.key-vault.key-id (DOCKYARD_PKI_KEY_VAULT_KEY_ID): "
                    + "the key-encryption key, base64 of 32 random bytes (openssl rand -base64 32), or the Key Vault key "
                    + "that wraps one, e.g. https://myvault.vault.azure.net/keys/dockyard-kek");
        } else if (environmentKek && vaultKek) {
            problems.add("dockyard.pki.kek and dockyard.pki.key-vault.key-id are both set; use one. To move to Key Vault, "
                    + "give the environment key as dockyard.pki.other-keks.<its id> instead of dockyard.pki.kek");
        }
        if (present(environment, "dockyard.pki.key-vault.trusted-ca")) {
            problems.add("dockyard.pki.key-vault.trusted-ca is for tests only (a vault that is not Azure, called without "
                    + "a real credential); production talks to Azure Key Vault");
        }
        if (environment.containsProperty("dockyard.pki.dev-kek-file")) {
            problems.add("dockyard.pki.dev-kek-file is for local mode only; production takes its key from dockyard.pki.kek "
                    + "or Key Vault");
        }
        if (Boolean.parseBoolean(environment.getProperty("dockyard.simulator.enabled", "false"))) {
            problems.add("dockyard.simulator.enabled is for local mode and tests only; production talks to Azure");
        }
        if (!Boolean.parseBoolean(environment.getProperty("dockyard.security.rate-limits.enabled", "true"))) {
            problems.add("dockyard.security.rate-limits.enabled=false leaves production without abuse limits; raise "
                    + "dockyard.security.rate-limits.writes-per-minute instead");
        }
        require(environment, "dockyard.azure.subscription-id", "DOCKYARD_AZURE_SUBSCRIPTION_ID",
                "the Azure subscription Dockyard deploys hosts into (credentials come from DefaultAzureCredential: "
                        + "managed identity, or AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET)", problems);
        String cloud = environment.getProperty("dockyard.azure.cloud", "AzureCloud");
        if (!java.util.List.of("azurecloud", "azureusgovernment", "azurechinacloud").contains(cloud.toLowerCase(java.util.Locale.ROOT))) {
            problems.add("dockyard.azure.cloud (DOCKYARD_AZURE_CLOUD): must be AzureCloud, AzureUSGovernment or "
                    + "AzureChinaCloud, not " + cloud);
        }
        require(environment, "dockyard.hosts.locations[0]", null, "at least one allowed Azure region (dockyard.hosts.locations)", problems);
        require(environment, "dockyard.hosts.vm-sizes[0]", null, "at least one allowed VM size (dockyard.hosts.vm-sizes)", problems);
        List<String> permitted = Binder.get(environment)
                .bind("dockyard.hosts.network.permitted-source-ranges", Bindable.listOf(String.class)).orElse(List.of());
        if (permitted.stream().allMatch(String::isBlank)) {
            problems.add("dockyard.hosts.network.permitted-source-ranges (DOCKYARD_HOSTS_NETWORK_PERMITTEDSOURCERANGES): "
                    + "the CIDR ranges a host's Docker port may be opened to, e.g. the corporate egress; without it "
                    + "a team could open root on its VM to any range of the internet");
        }
        if (!problems.isEmpty()) {
            String hint = profiles.isEmpty()
                    ? "\nNo profile is active, so this is a production start. For local mode run with --spring.profiles.active=local."
                    : "";
            throw new MissingSettingsException("Dockyard cannot start in production mode; these settings are missing or invalid:\n  - "
                    + String.join("\n  - ", problems) + hint);
        }
    }

    private static boolean present(ConfigurableEnvironment environment, String property) {
        String value = environment.getProperty(property);
        return value != null && !value.isBlank();
    }

    private static void require(ConfigurableEnvironment environment, String property, String variable, String what,
            List<String> problems) {
        String value = environment.getProperty(property);
        if (value == null || value.isBlank()) {
            problems.add(property + (variable != null ? " (" + variable + ")" : "") + ": " + what);
        }
    }

    /** Thrown when production settings are incomplete; its message lists all of them. */
    public static class MissingSettingsException extends IllegalStateException {
        public MissingSettingsException(String message) {
            super(message);
        }
    }
}
