package io.dockyard.bootstrap.internal;

import io.dockyard.bootstrap.BootstrapProperties;
import io.dockyard.bootstrap.BootstrapSettings;
import io.dockyard.bootstrap.ExtensionPayload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The default payload: Azure's Custom Script extension (v2) running Dockyard's install script.
 * The script, certificates and secrets included, goes gzipped and base64-encoded in the protected
 * {@code script} setting; the public settings stay empty.
 */
public final class CustomScriptPayload {

    static final String PUBLISHER = "Microsoft.Azure.Extensions";
    static final String TYPE = "CustomScript";
    /** The Custom Script extension refuses a script larger than 256 KiB. */
    static final int MAX_SCRIPT_SETTING = 256 * 1024;

    private final String name;
    private final String version;
    private final InstallScript script;

    public CustomScriptPayload(BootstrapProperties properties) {
        this.name = properties.extensionName();
        this.version = properties.customScriptVersion();
        this.script = new InstallScript(properties);
    }

    public ExtensionPayload build(BootstrapSettings host) {
        String text = script.render(host);
        String encoded = Base64.getEncoder().encodeToString(gzip(text));
        if (encoded.length() > MAX_SCRIPT_SETTING) {
            throw new IllegalArgumentException("the install script for host " + host.hostId() + " is "
                    + encoded.length() + " bytes gzipped and encoded; Custom Script takes at most " + MAX_SCRIPT_SETTING
                    + " (the Compose file is the likely cause)");
        }
        Map<String, Object> settings = Map.of();
        // Fingerprint the script's text rather than its gzip bytes: a new JDK may compress differently.
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("publisher", PUBLISHER);
        content.put("type", TYPE);
        content.put("typeHandlerVersion", version);
        content.put("autoUpgradeMinorVersion", true);
        content.put("settings", settings);
        content.put("protectedSettings", Map.of("script", text));
        return new ExtensionPayload(name, PUBLISHER, TYPE, version, true, settings, Map.of("script", encoded),
                PayloadTag.of(host.serverKeyPem(), content));
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
