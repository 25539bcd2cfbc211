package io.dockyard.security;

import java.util.regex.Pattern;

/**
 * The shape of a team name. Team names end up in Azure tags and resource names, so they are
 * lower-case DNS-label-like words.
 */
public final class TeamNames {

    private static final Pattern VALID = Pattern.compile("^[a-z][a-z0-9-]{0,38}[a-z0-9]$");

    private TeamNames() {
    }

    public static boolean isValid(String team) {
        return team != null && VALID.matcher(team).matches();
    }

    public static final String RULE = "2-40 characters: lower-case letters, digits and '-', starting with a letter, not ending with '-'";
}
