package io.dockyard.pki.internal;

import io.dockyard.pki.CertificateKind;
import io.dockyard.pki.CertificateRecord;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The pki_certificates table: one row per certificate ever issued, with who asked for it.
 */
@Repository
class CertificateRecords {

    private static final String COLUMNS = "serial, kind, host_id, subject, fingerprint_sha256, not_before, not_after,"
            + " revoked_at, requested_by";

    private final JdbcClient jdbc;

    CertificateRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a self-signed certificate (the root). */
    CertificateRecord record(X509Certificate certificate, CertificateKind kind, UUID hostId, String requestedBy) {
        return record(certificate, null, kind, hostId, requestedBy);
    }

    /**
     * Records a certificate with the serial of the CA that signed it. {@code created_at} is the
     * database's clock_timestamp(), so records of one second keep their order.
     */
    CertificateRecord record(X509Certificate certificate, String issuerSerial, CertificateKind kind, UUID hostId,
            String requestedBy) {
        CertificateRecord record = new CertificateRecord(Serials.hex(certificate.getSerialNumber()), kind, hostId,
                certificate.getSubjectX500Principal().getName(), fingerprint(certificate),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), null, requestedBy);
        jdbc.sql("""
                insert into pki_certificates (serial, kind, host_id, issuer_serial, issuer_dn, subject,
                                              fingerprint_sha256, not_before, not_after, requested_by, created_at)
                values (:serial, :kind, :hostId, :issuerSerial, :issuer, :subject, :fingerprint, :notBefore,
                        :notAfter, :requestedBy, clock_timestamp())
                """)
                .param("serial", record.serial()).param("kind", kind.wireName()).param("hostId", hostId)
                .param("issuerSerial", issuerSerial)
                // BC's string form keeps the encoded RDN order, so the CRL can rebuild the exact name.
                .param("issuer", org.bouncycastle.asn1.x500.X500Name.getInstance(
                        certificate.getIssuerX500Principal().getEncoded()).toString())
                .param("subject", record.subject()).param("fingerprint", record.fingerprintSha256())
                .param("notBefore", Timestamp.from(record.notBefore()))
                .param("notAfter", Timestamp.from(record.notAfter()))
                .param("requestedBy", requestedBy)
                .update();
        return record;
    }

    Optional<CertificateRecord> find(String serial) {
        return jdbc.sql("select " + COLUMNS + " from pki_certificates where serial = :serial")
                .param("serial", serial).query(CertificateRecords::map).optional();
    }

    List<CertificateRecord> forHost(UUID hostId, CertificateKind kind) {
        return jdbc.sql("select " + COLUMNS + " from pki_certificates where host_id = :hostId and kind = :kind"
                        + " order by created_at, serial")
                .param("hostId", hostId).param("kind", kind.wireName()).query(CertificateRecords::map).list();
    }

    boolean revoke(String serial, Instant now) {
        return jdbc.sql("update pki_certificates set revoked_at = :now where serial = :serial and revoked_at is null")
                .param("serial", serial).param("now", Timestamp.from(now)).update() == 1;
    }

    int revokeHost(UUID hostId, Instant now) {
        return jdbc.sql("update pki_certificates set revoked_at = :now where host_id = :hostId and revoked_at is null")
                .param("hostId", hostId).param("now", Timestamp.from(now)).update();
    }

    /** Revokes every certificate of the host that the CA with {@code issuerSerial} signed. */
    int revokeIssuedBy(UUID hostId, String issuerSerial, Instant now) {
        return jdbc.sql("update pki_certificates set revoked_at = :now where host_id = :hostId"
                        + " and issuer_serial = :issuer and revoked_at is null")
                .param("hostId", hostId).param("issuer", issuerSerial).param("now", Timestamp.from(now)).update();
    }

    /** A strictly increasing CRL number, shared by every instance. */
    long nextCrlNumber() {
        return jdbc.sql("select nextval('pki_crl_number')").query(Long.class).single();
    }

    /** Revoked certificates that have not expired yet: what the CRL must list. */
    List<Revoked> revokedUnexpired(Instant now) {
        return jdbc.sql("select serial, issuer_dn, revoked_at from pki_certificates"
                        + " where revoked_at is not null and not_after > :now order by revoked_at")
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new Revoked(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .list();
    }

    record Revoked(String serial, String issuerDn, Instant revokedAt) {
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CertificateRecord map(ResultSet rs, int row) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new CertificateRecord(rs.getString("serial"), CertificateKind.fromWire(rs.getString("kind")),
                rs.getObject("host_id", UUID.class), rs.getString("subject"), rs.getString("fingerprint_sha256"),
                rs.getTimestamp("not_before").toInstant(), rs.getTimestamp("not_after").toInstant(),
                revoked == null ? null : revoked.toInstant(), rs.getString("requested_by"));
    }
}
