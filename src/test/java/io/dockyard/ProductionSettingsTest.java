package io.dockyard;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProductionSettingsTest {

    @Test
    void productionStartWithoutSettingsNamesEveryMissingOne() {
        assertThatThrownBy(() -> new SpringApplication(DockyardApplication.class)
                .run("--spring.profiles.active=azure", "--server.port=0"))
                .isInstanceOf(RequiredSettings.MissingSettingsException.class)
                .hasMessageContaining("spring.datasource.url (DOCKYARD_DB_URL)")
                .hasMessageContaining("spring.datasource.username")
                .hasMessageContaining("spring.datasource.password")
                .hasMessageContaining("dockyard.pki.kek (DOCKYARD_PKI_KEK) or dockyard.pki.key-vault.key-id "
                        + "(DOCKYARD_PKI_KEY_VAULT_KEY_ID)")
                .hasMessageContaining("dockyard.azure.subscription-id (DOCKYARD_AZURE_SUBSCRIPTION_ID)");
    }

    @Test
    void aKeyVaultKeyStandsInForTheEnvironmentKey() {
        assertThatThrownBy(() -> new SpringApplication(DockyardApplication.class)
                .run("--spring.profiles.active=azure", "--server.port=0",
                        "--dockyard.pki.key-vault.key-id=https://myvault.vault.azure.net/keys/dockyard-kek"))
                .isInstanceOf(RequiredSettings.MissingSettingsException.class)
                .hasMessageContaining("spring.datasource.url (DOCKYARD_DB_URL)")
                .hasMessageNotContaining("dockyard.pki.kek");
    }

    @Test
    void productionRefusesBothTheEnvironmentKeyAndAKeyVaultKey() {
        assertThatThrownBy(() -> new SpringApplication(DockyardApplication.class)
                .run("--spring.profiles.active=azure", "--server.port=0",
                        "--dockyard.pki.kek=dGVzdC1rZXktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=",
                        "--dockyard.pki.key-vault.key-id=https://myvault.vault.azure.net/keys/dockyard-kek"))
                .hasMessageContaining("dockyard.pki.kek and dockyard.pki.key-vault.key-id are both set; use one")
                .hasMessageContaining("dockyard.pki.other-keks.<its id>");
    }

    @Test
    void productionRefusesAKeyVaultThatIsNotAzure() {
        assertThatThrownBy(() -> new SpringApplication(DockyardApplication.class)
                .run("--spring.profiles.active=azure", "--server.port=0",
                        "--dockyard.pki.key-vault.key-id=https://127.0.0.1:8443/keys/dockyard-kek",
                        "--dockyard.pki.key-vault.trusted-ca=/tmp/ca.pem"))
                .hasMessageContaining("dockyard.pki.key-vault.trusted-ca is for tests only");
    }

    @Test
    void productionRefusesAnUnknownCloud() {
        assertThatThrownBy(() -> new SpringApplication(DockyardApplication.class)
                .run("--spring.profiles.active=azure", "--server.port=0", "--dockyard.azure.cloud=MarsCloud"))
                .hasMessageContaining("dockyard.azure.cloud (DOCKYARD_AZURE_CLOUD): must be AzureCloud");
    }

    @Test
    void productionRefusesLocalModesDevKey() {
        assertThatThrownBy(() -> new SpringApplication(DockyardApplication.class)
                .run("--spring.profiles.active=azure", "--server.port=0", "--dockyard.pki.dev-kek-file=/tmp/k"))
                .hasMessageContaining("dockyard.pki.dev-kek-file is for local mode only");
    }

    @Test
    void productionRefusesTheSimulatorAndSwitchedOffAbuseLimits() {
        assertThatThrownBy(() -> new SpringApplication(DockyardApplication.class)
                .run("--spring.profiles.active=azure", "--server.port=0", "--dockyard.simulator.enabled=true",
                        "--dockyard.security.rate-limits.enabled=false"))
                .hasMessageContaining("dockyard.simulator.enabled is for local mode and tests only")
                .hasMessageContaining("dockyard.security.rate-limits.enabled=false leaves production without abuse limits")
                .hasMessageContaining("dockyard.pki.kek (DOCKYARD_PKI_KEK)");
    }

    @Test
    void noProfileCountsAsProductionAndPointsToLocalMode() {
        assertThatThrownBy(() -> new SpringApplication(DockyardApplication.class).run("--server.port=0"))
                .isInstanceOf(RequiredSettings.MissingSettingsException.class)
                .hasMessageContaining("--spring.profiles.active=local");
    }
}
