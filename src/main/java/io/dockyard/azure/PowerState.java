package io.dockyard.azure;

import java.util.Locale;

/** A VM's power state from its instance view ({@code PowerState/running} and friends). */
public enum PowerState {
    STARTING, RUNNING, STOPPING, STOPPED, DEALLOCATING, DEALLOCATED, UNKNOWN;

    public static PowerState fromCode(String code) {
        if (code == null || !code.regionMatches(true, 0, "PowerState/", 0, 11)) {
            return UNKNOWN;
        }
        try {
            return valueOf(code.substring(11).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
