package io.dockyard.bootstrap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SystemdDropInTest {

    @Test
    void dropInReplacesTheCommandLineAndSetsTheEnvironment() {
        assertThat(SystemdDropIn.render(Map.of("HTTP_PROXY", "http://proxy:3128"))).endsWith("""
                [Service]
                ExecStart=
                ExecStart=/usr/bin/dockerd --containerd=/run/containerd/containerd.sock
                Environment="HTTP_PROXY=http://proxy:3128"
                """).doesNotContain("fd://");
    }

    @Test
    void charactersSystemdWouldInterpretAreEscaped() {
        assertThat(SystemdDropIn.quote("A=50% \"off\" \\ $HOME\nnext\u0001"))
                .isEqualTo("\"A=50%% \\\"off\\\" \\\\ $HOME\\nnext\\x01\"");
    }

    /** Every value survives systemd's reading of the line: unquoting, C unescaping, then specifiers. */
    @Property(tries = 300)
    void quotedValuesReadBackExactly(@ForAll("values") String value) {
        String word = SystemdDropIn.quote("NAME=" + value);

        assertThat(word).doesNotContain("\n", "\r");
        assertThat(readAsSystemd(word)).isEqualTo("NAME=" + value);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.strings().withChars("ab \"'\\%$`;\n\t\r\u0001\u007f=é€").ofMaxLength(30);
    }

    /** systemd's reading of one double-quoted Environment= word (EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE, then %-specifiers). */
    private static String readAsSystemd(String word) {
        assertThat(word).startsWith("\"").endsWith("\"");
        String inner = word.substring(1, word.length() - 1);
        StringBuilder unescaped = new StringBuilder();
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '"') {
                throw new AssertionError("unescaped quote inside " + word);
            }
            if (c != '\\') {
                unescaped.append(c);
                continue;
            }
            char next = inner.charAt(++i);
            switch (next) {
                case 'n' -> unescaped.append('\n');
                case 't' -> unescaped.append('\t');
                case 'r' -> unescaped.append('\r');
                case '\\', '"' -> unescaped.append(next);
                case 'x' -> {
                    unescaped.append((char) Integer.parseInt(inner.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new AssertionError("unknown escape \\" + next + " in " + word);
            }
        }
        StringBuilder resolved = new StringBuilder();
        for (int i = 0; i < unescaped.length(); i++) {
            char c = unescaped.charAt(i);
            if (c == '%') {
                assertThat(unescaped.charAt(++i)).as("a %% specifier").isEqualTo('%');
            }
            resolved.append(c);
        }
        return resolved.toString();
    }
}
