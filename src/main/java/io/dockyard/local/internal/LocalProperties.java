package io.dockyard.local.internal;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Local mode settings ({@code dockyard.local.*}).
 *
 * @param dataDir where local mode keeps its state: PostgreSQL data, the dev key and tokens.env
 * @param postgresPort the embedded PostgreSQL port; 0 picks a free one
 */
@ConfigurationProperties("dockyard.local")
// Only local mode binds it; production must not even hold the settings of the embedded database.
@Profile("local")
public record LocalProperties(@DefaultValue("./.dockyard") Path dataDir, @DefaultValue("0") int postgresPort) {
}
