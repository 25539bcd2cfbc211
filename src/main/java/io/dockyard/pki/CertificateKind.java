package io.dockyard.pki;

/**
 * What a recorded certificate is for: the three kinds of CA, server certificates for hosts,
 * client certificates for people and automation, and the control plane's short-lived probe
 * certificates.
 */
public enum CertificateKind {
    ROOT_CA, SERVER_CA, CLIENT_CA, SERVER, CLIENT, CONTROL_PLANE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static CertificateKind fromWire(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
