package io.dockyard.bootstrap.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptTemplateTest {

    private static final ScriptTemplate TEMPLATE = ScriptTemplate.load("/io/dockyard/bootstrap/install-docker.sh");

    private static Map<String, String> values() {
        Map<String, String> values = new HashMap<>();
        for (String key : new String[] {"HOST_ID", "PORT", "ENGINE_VERSION", "APT_REPOSITORY", "ENGINE_WAIT",
                "CLIENT_CA_PEM", "SERVER_CERT_PEM", "SERVER_KEY_PEM", "DAEMON_JSON", "DROP_IN", "COMPOSE_YAML",
                "COMPOSE_ENV", "REGISTRY_LOGINS"}) {
            values.put(key, "");
        }
        return values;
    }

    @Test
    void valuesThatMeanSomethingToTheShellAreRefused() {
        for (String unsafe : new String[] {"'", "a b", "$(id)", "`id`", "x;y", "\\", "\n"}) {
            Map<String, String> values = values();
            values.put("HOST_ID", unsafe);
            assertThatThrownBy(() -> TEMPLATE.render(values)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("HOST_ID");
        }
    }

    @Test
    void everyPlaceholderNeedsAValueAndEveryValueAPlaceholder() {
        Map<String, String> missing = values();
        missing.remove("DROP_IN");
        assertThatThrownBy(() -> TEMPLATE.render(missing)).hasMessageContaining("no value for @@DROP_IN@@");
        Map<String, String> extra = values();
        extra.put("SURPLUS", "1");
        assertThatThrownBy(() -> TEMPLATE.render(extra)).hasMessageContaining("SURPLUS");
    }
}
