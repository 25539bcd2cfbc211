package io.dockyard.local.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Local mode's database: a real PostgreSQL 17 from the zonky binaries, with its data directory
 * under {@code ./.dockyard/pgdata} so that hosts survive a restart. Only the local profile creates
 * it; production uses {@code spring.datasource.*}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
class EmbeddedPostgresConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(LocalProperties properties) throws IOException {
        Path data = properties.dataDir().toAbsolutePath().normalize().resolve("pgdata");
        Files.createDirectories(data.getParent());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "100");
        if (properties.postgresPort() > 0) {
            builder.setPort(properties.postgresPort());
        }
        return builder.start();
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setPoolName("dockyard-local");
        config.setMaximumPoolSize(20);
        return new HikariDataSource(config);
    }

}
