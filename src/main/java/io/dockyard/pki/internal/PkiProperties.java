package io.dockyard.pki.internal;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Key-encryption settings ({@code dockyard.pki.*}). Production sets {@code kek} (base64 of 32
 * random bytes, from the environment or a secret store) and {@code kekId}; local mode sets
 * {@code devKekFile} instead and the key is generated there once.
 *
 * @param kek base64 of the 256-bit key-encryption key
 * @param kekId the id recorded with every sealed value
 * @param devKekFile local mode only: where a generated development key lives
 */
@ConfigurationProperties("dockyard.pki")
public record PkiProperties(String kek, @DefaultValue("kek-1") String kekId, Path devKekFile) {
}
