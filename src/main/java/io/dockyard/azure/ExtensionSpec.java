package io.dockyard.azure;

import java.util.Map;

/**
 * A VM extension as ARM takes it. Protected settings are write-only in Azure; whether they changed is carried by
 * {@code forceUpdateTag}, which the payload's builder derives from the whole payload.
 */
public record ExtensionSpec(String resourceGroup, String vmName, String name, String location, Ownership owner,
                            String publisher, String type, String typeHandlerVersion, boolean autoUpgradeMinorVersion,
                            Map<String, Object> settings, Map<String, Object> protectedSettings, String forceUpdateTag) {

    @Override
    public String toString() {
        return "ExtensionSpec[" + resourceGroup + "/" + vmName + "/" + name + ", " + publisher + "." + type + " "
                + typeHandlerVersion + ", forceUpdateTag=" + forceUpdateTag + ", protectedSettings=<redacted>]";
    }
}
