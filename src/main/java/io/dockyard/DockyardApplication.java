package io.dockyard;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Dockyard's entry point. The service stores desired Docker hosts in PostgreSQL and, in later
 * modules, reconciles them against Azure; every feature lives in its own sub-package.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class DockyardApplication {

    public static void main(String[] args) {
        // The Azure SDK sets Content-Length itself; the JDK HTTP client refuses it unless allowed before first use.
        if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "content-length");
        }
        SpringApplication.run(DockyardApplication.class, args);
    }
}
