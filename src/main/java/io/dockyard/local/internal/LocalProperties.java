package io.dockyard.local.internal;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Local mode settings ({@code dockyard.local.*}).
 *
 * @param dataDir where local mode keeps its state: PostgreSQL data, the dev key and tokens.env
 * @param postgresPort the embedded PostgreSQL port; 0 picks a free one
 */
@ConfigurationProperties("dockyard.local")
public record LocalProperties(@DefaultValue("./.dockyard") Path dataDir, @DefaultValue("0") int postgresPort) {
}
