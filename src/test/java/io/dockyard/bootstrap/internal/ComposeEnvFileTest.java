package io.dockyard.bootstrap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposeEnvFileTest {

    @Test
    void valuesWithoutSingleQuotesAreWrittenLiterally() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("A", "plain");
        environment.put("B", "with $VAR, \"quotes\", # and\nnewline");
        environment.put("C", "");

        assertThat(ComposeEnvFile.render(environment)).endsWith("""
                A='plain'
                B='with $VAR, "quotes", # and
                newline'
                C=''
                """);
    }

    @Test
    void valuesWithSingleQuotesAreDoubleQuotedWithEscapes() {
        assertThat(ComposeEnvFile.quote("X", "it's $5 \"net\" \\ ok\nend"))
                .isEqualTo("\"it's \\$5 \\\"net\\\" \\\\ ok\\nend\"");
    }

    @Test
    void valuesComposeCannotReadBackAreRefusedByName() {
        assertThatThrownBy(() -> ComposeEnvFile.quote("TRAILING", "c:\\path\\"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TRAILING").hasMessageNotContaining("path");
        assertThatThrownBy(() -> ComposeEnvFile.quote("EDGE", "\"it's\""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EDGE");
    }
}
