package io.dockyard.audit.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The actions the trail records, with their wire names ({@code host.created}) and the kind of target each acts
 * on. The wire names are the {@code action} filter's vocabulary, so they stay stable once published.
 */
enum AuditAction {
    HOST_CREATED("host.created", TargetType.HOST),
    HOST_UPDATED("host.updated", TargetType.HOST),
    HOST_DELETION_REQUESTED("host.deletion-requested", TargetType.HOST),
    HOST_FORCE_DELETED("host.force-deleted", TargetType.HOST),
    HOST_RECONCILE_REQUESTED("host.reconcile-requested", TargetType.HOST),
    CLIENT_CERTIFICATE_ISSUED("host.client-certificate.issued", TargetType.HOST),
    CLIENT_CERTIFICATE_REVOKED("host.client-certificate.revoked", TargetType.HOST),
    CLIENT_CA_ROTATED("host.client-ca.rotated", TargetType.HOST),
    TOKEN_CREATED("token.created", TargetType.TOKEN),
    TOKEN_REVOKED("token.revoked", TargetType.TOKEN);

    enum TargetType {
        HOST, TOKEN;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String wireName;
    private final TargetType targetType;

    AuditAction(String wireName, TargetType targetType) {
        this.wireName = wireName;
        this.targetType = targetType;
    }

    String wireName() {
        return wireName;
    }

    TargetType targetType() {
        return targetType;
    }

    static Optional<AuditAction> fromWire(String value) {
        return Arrays.stream(values()).filter(a -> a.wireName.equals(value)).findFirst();
    }

    static List<String> wireNames() {
        return Arrays.stream(values()).map(AuditAction::wireName).toList();
    }
}
