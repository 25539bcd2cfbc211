package io.dockyard.bootstrap.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shell script with {@code @@NAME@@} placeholders. Only values made of characters that mean
 * nothing to the shell inside single quotes (base64, numbers, identifiers, plain URLs) can be put
 * in, so no setting of a host can ever become shell syntax; anything else has to be base64 first.
 */
final class ScriptTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("@@([A-Z_]+)@@");
    private static final Pattern INERT = Pattern.compile("[A-Za-z0-9+/=._~:@-]*");

    private final String name;
    private final String text;

    private ScriptTemplate(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /** Loads a template from the classpath. */
    static ScriptTemplate load(String resource) {
        try (InputStream in = ScriptTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script template " + resource);
            }
            return new ScriptTemplate(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script template " + resource, e);
        }
    }

    /**
     * Fills in every placeholder.
     *
     * @throws IllegalStateException if a placeholder has no value, a value has no placeholder, or a
     *     value holds a character that is not inert in shell (a bug in the caller, not in the host)
     */
    String render(Map<String, String> values) {
        values.forEach((key, value) -> {
            if (!INERT.matcher(value).matches()) {
                throw new IllegalStateException("value for @@" + key + "@@ in " + name + " is not shell-inert");
            }
        });
        Set<String> used = new HashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 4096);
        while (matcher.find()) {
            String key = matcher.group(1);
            String value = values.get(key);
            if (value == null) {
                throw new IllegalStateException("no value for @@" + key + "@@ in " + name);
            }
            used.add(key);
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        if (!used.containsAll(values.keySet())) {
            Set<String> unused = new HashSet<>(values.keySet());
            unused.removeAll(used);
            throw new IllegalStateException(name + " has no placeholder for " + unused);
        }
        return out.toString();
    }
}
