package io.dockyard.pki.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Key-encryption and CA settings ({@code dockyard.pki.*}). Production sets either {@code kek} (base64 of
 * 32 random bytes, from the environment or a secret store) and {@code kekId}, or {@code keyVault.keyId}, a Key Vault
 * key that wraps a generated data key kept in the database; local mode sets {@code devKekFile} instead and the key is
 * generated there once.
 *
 * @param kek base64 of the 256-bit key-encryption key
 * @param kekId the id recorded with every sealed value
 * @param otherKeks further key-encryption keys by id (base64), which open values but never seal: the previous key
 *        during a rotation (stored values are re-sealed under {@code kek} in the background), or the next one
 *        while a rolling deployment learns it before it becomes {@code kek}
 * @param devKekFile local mode only: where a generated development key lives
 * @param keyVault where the key-encryption key comes from when it is wrapped by Azure Key Vault
 * @param leafKeys key type of leaf certificates: {@code ecdsa-p256} (default) or {@code rsa-3072}
 * @param serverCertificateTtl lifetime of host server certificates
 * @param clientCertificateTtl default lifetime of client certificates
 * @param clientCertificateMaxTtl the longest lifetime a client certificate may be given
 * @param controlPlaneCertificateTtl lifetime of the probe's own client certificates
 * @param clientCaTtl lifetime of a host's client CA
 * @param serverCaTtl lifetime of the server-issuing CA
 * @param rootTtl lifetime of the root CA
 * @param crlTtl how long a CRL is valid ({@code nextUpdate} = now + this)
 */
@ConfigurationProperties("dockyard.pki")
public record PkiProperties(
        String kek,
        @DefaultValue("kek-1") String kekId,
        Map<String, String> otherKeks,
        Path devKekFile,
        @DefaultValue KeyVault keyVault,
        @DefaultValue("ecdsa-p256") String leafKeys,
        @DefaultValue("P90D") Duration serverCertificateTtl,
        @DefaultValue("PT8H") Duration clientCertificateTtl,
        @DefaultValue("P30D") Duration clientCertificateMaxTtl,
        @DefaultValue("PT15M") Duration controlPlaneCertificateTtl,
        @DefaultValue("P1825D") Duration clientCaTtl,
        @DefaultValue("P1825D") Duration serverCaTtl,
        @DefaultValue("P3650D") Duration rootTtl,
        @DefaultValue("P1D") Duration crlTtl) {

    public PkiProperties {
        otherKeks = otherKeks == null ? Map.of() : Map.copyOf(otherKeks);
        if (!leafKeys.equals("ecdsa-p256") && !leafKeys.equals("rsa-3072")) {
            throw new IllegalArgumentException("dockyard.pki.leaf-keys must be ecdsa-p256 or rsa-3072, not " + leafKeys);
        }
    }

    /**
     * Envelope encryption with Azure Key Vault ({@code dockyard.pki.key-vault.*}): an RSA key in the vault wraps the
     * AES key-encryption key, and only the wrapped form is stored. Key Vault is asked once per start and when the
     * vault key gets a new version, never per secret.
     *
     * @param keyId the Key Vault key identifier, e.g. {@code https://myvault.vault.azure.net/keys/dockyard-kek};
     *        versionless follows the key's newest version, a versioned one pins that version
     * @param trustedCa a PEM CA file for a vault that is not Azure (a test double): trusted for TLS, and the vault is
     *        then called with a stand-in credential instead of {@code DefaultAzureCredential}
     * @param tenantId the Entra tenant for {@code DefaultAzureCredential} (optional; managed identity needs none)
     * @param cloud {@code AzureCloud}, {@code AzureUSGovernment} or {@code AzureChinaCloud}: where to sign in
     */
    public record KeyVault(String keyId, Path trustedCa, String tenantId, @DefaultValue("AzureCloud") String cloud) {
    }
}
