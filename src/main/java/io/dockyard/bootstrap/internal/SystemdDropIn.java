package io.dockyard.bootstrap.internal;

import java.util.Map;

/**
 * The drop-in {@code /etc/systemd/system/docker.service.d/dockyard.conf}. Docker's packaged unit
 * starts {@code dockerd -H fd://}, and dockerd refuses to start when {@code hosts} is set both by a
 * flag and in daemon.json; the drop-in clears that command line so the endpoints come from
 * daemon.json alone. It also carries the host's environment for dockerd (e.g. proxy settings),
 * which is why the file is private.
 */
final class SystemdDropIn {

    static final String DOCKERD = "/usr/bin/dockerd --containerd=/run/containerd/containerd.sock";

    private SystemdDropIn() {
    }

    static String render(Map<String, String> environment) {
        StringBuilder out = new StringBuilder();
        out.append("# Written by Dockyard. The endpoints and TLS settings are in /etc/docker/daemon.json,\n")
                .append("# so dockerd gets no -H flag here: it refuses a setting given both ways.\n")
                .append("[Service]\n")
                .append("ExecStart=\n")
                .append("ExecStart=").append(DOCKERD).append('\n');
        environment.forEach((name, value) -> out.append("Environment=").append(quote(name + "=" + value)).append('\n'));
        return out.toString();
    }

    /**
     * One double-quoted word of a unit file. systemd unquotes it and resolves C escapes, then expands
     * {@code %} specifiers; so backslash and quote are escaped, control characters are written as
     * escapes (a raw newline would end the line), and {@code %} is doubled.
     */
    static String quote(String word) {
        StringBuilder out = new StringBuilder(word.length() + 2).append('"');
        word.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '%' -> out.append("%%");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
