package io.dockyard.local.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
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
                // Spring closes this bean after the connection pool; the library's own JVM hook
                // would stop PostgreSQL while graceful shutdown still drains requests.
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "100");
        if (properties.postgresPort() > 0) {
            builder.setPort(properties.postgresPort());
        }
        return builder.start();
    }

    /** The pool takes the usual {@code spring.datasource.hikari.*} settings, as in production. */
    @Bean(destroyMethod = "close")
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPoolName("dockyard-local");
        return dataSource;
    }

}
