package io.dockyard.bootstrap;

import java.util.Map;
import java.util.Objects;

/**
 * A VM extension ready to PUT on the host's VM, in the shape of ARM's extension properties. It is
 * a record of plain maps so the reconciler can hand it to the Azure SDK (or any JSON writer)
 * without this module knowing the SDK. Secrets are only in {@code protectedSettings}, which Azure
 * encrypts for the VM and never returns; {@link #toString()} names their keys and nothing more.
 *
 * @param name the extension resource's name on the VM
 * @param publisher e.g. {@code Microsoft.Azure.Extensions}
 * @param type e.g. {@code CustomScript}
 * @param typeHandlerVersion e.g. {@code 2.1}
 * @param autoUpgradeMinorVersion whether Azure may use newer minor versions of the handler
 * @param settings public settings: readable by anyone who can read the VM
 * @param protectedSettings secret settings
 * @param forceUpdateTag changes exactly when the payload changes, so Azure re-runs a changed payload
 *     and leaves an unchanged one alone; safe to show
 */
public record ExtensionPayload(
        String name,
        String publisher,
        String type,
        String typeHandlerVersion,
        boolean autoUpgradeMinorVersion,
        Map<String, Object> settings,
        Map<String, Object> protectedSettings,
        String forceUpdateTag) {

    public ExtensionPayload {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(typeHandlerVersion, "typeHandlerVersion");
        settings = Map.copyOf(Objects.requireNonNull(settings, "settings"));
        protectedSettings = Map.copyOf(Objects.requireNonNull(protectedSettings, "protectedSettings"));
        Objects.requireNonNull(forceUpdateTag, "forceUpdateTag");
    }

    @Override
    public String toString() {
        return "ExtensionPayload[name=" + name + ", publisher=" + publisher + ", type=" + type
                + ", typeHandlerVersion=" + typeHandlerVersion + ", autoUpgradeMinorVersion=" + autoUpgradeMinorVersion
                + ", settings=" + settings + ", protectedSettings=(redacted: " + protectedSettings.keySet().stream().sorted().toList()
                + "), forceUpdateTag=" + forceUpdateTag + "]";
    }
}
