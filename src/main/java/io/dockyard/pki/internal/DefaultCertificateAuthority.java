package io.dockyard.pki.internal;

import io.dockyard.pki.CertificateAuthority;
import io.dockyard.pki.CertificateKind;
import io.dockyard.pki.CertificateRecord;
import io.dockyard.pki.ClientCertificatePolicy;
import io.dockyard.pki.ClientBundle;
import io.dockyard.pki.HostClientCa;
import io.dockyard.pki.ServerCertificate;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The CA: a root (ECDSA P-384, 10 years) that signs a server-issuing CA and one client CA per
 * host (ECDSA P-256, see {@link KeyPairs}). The root and server CA are created on the first start; several instances starting at once
 * serialise on a PostgreSQL advisory lock, so exactly one hierarchy exists. Issuance records every
 * certificate in the same transaction; a failure leaves nothing issued.
 */
@Service
class DefaultCertificateAuthority implements CertificateAuthority, ApplicationRunner {

    static final String ROOT = "root-ca";
    static final String SERVER_CA = "server-ca";
    static final String CLIENT_CA = "client-ca";

    private final AuthorityStore authorities;
    private final CertificateRecords records;
    private final PkiProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final CrlSigner crlSigner;
    private volatile Authority root;
    private volatile Authority serverCa;
    private volatile String rootPem;
    private volatile String serverCaPem;

    DefaultCertificateAuthority(AuthorityStore authorities, CertificateRecords records, PkiProperties properties,
            TransactionTemplate transactions, Clock clock) {
        this.authorities = authorities;
        this.records = records;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
        this.crlSigner = new CrlSigner();
    }

    /** Creates (or loads) the hierarchy at start, so that the first request does not pay for it. */
    @Override
    public void run(ApplicationArguments args) {
        hierarchy();
    }

    @Override
    public ClientCertificatePolicy clientCertificatePolicy() {
        return new ClientCertificatePolicy(properties.clientCertificateTtl(), properties.clientCertificateMaxTtl());
    }

    @Override
    public String trustAnchorPem() {
        hierarchy();
        return rootPem;
    }

    @Override
    public ServerCertificate issueServerCertificate(UUID hostId, List<String> dnsNames, List<InetAddress> addresses,
            String requestedBy) {
        if (dnsNames.isEmpty() && addresses.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one DNS name or address");
        }
        Authority issuing = serverCa();
        Instant now = now();
        KeyPair key = KeyPairs.leafKey(properties.leafKeys());
        String cn = dnsNames.isEmpty() ? addresses.getFirst().getHostAddress() : dnsNames.getFirst();
        X509Certificate certificate = CertificateSigner.server(name(cn, hostId), key.getPublic(), issuing.issuer(),
                dnsNames, addresses, now, capped(now.plus(properties.serverCertificateTtl()), issuing), Serials.next());
        transactions.executeWithoutResult(
                tx -> records.record(certificate, issuing.serial(), CertificateKind.SERVER, hostId, requestedBy));
        return new ServerCertificate(Serials.hex(certificate.getSerialNumber()), certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(), Pem.of(certificate) + serverCaPem,
                Pem.of(key.getPrivate()), trustAnchorPem());
    }

    @Override
    public HostClientCa clientCa(UUID hostId, String requestedBy) {
        return view(clientCaAuthority(hostId, requestedBy));
    }

    @Override
    public ClientBundle issueClientCertificate(UUID hostId, String subjectName, Duration ttl, String requestedBy) {
        return issueClient(hostId, subjectName, ttl, requestedBy, CertificateKind.CLIENT);
    }

    @Override
    public ClientBundle issueControlPlaneCertificate(UUID hostId) {
        return issueClient(hostId, "dockyard-control-plane", properties.controlPlaneCertificateTtl(), "system",
                CertificateKind.CONTROL_PLANE);
    }

    private ClientBundle issueClient(UUID hostId, String subjectName, Duration ttl, String requestedBy,
            CertificateKind kind) {
        if (ttl.isZero() || ttl.isNegative() || ttl.compareTo(properties.clientCertificateMaxTtl()) > 0) {
            throw new IllegalArgumentException("client certificate lifetime must be positive and at most "
                    + properties.clientCertificateMaxTtl());
        }
        Authority ca = clientCaAuthority(hostId, requestedBy);
        Instant now = now();
        KeyPair key = KeyPairs.leafKey(properties.leafKeys());
        X509Certificate certificate = CertificateSigner.client(name(subjectName, hostId), key.getPublic(), ca.issuer(),
                now, capped(now.plus(ttl), ca), Serials.next());
        transactions.executeWithoutResult(
                tx -> records.record(certificate, ca.serial(), kind, hostId, requestedBy));
        return new ClientBundle(Serials.hex(certificate.getSerialNumber()), certificate.getNotAfter().toInstant(),
                trustAnchorPem(), Pem.of(certificate), Pem.of(key.getPrivate()));
    }

    @Override
    public HostClientCa rotateClientCa(UUID hostId, String requestedBy) {
        Authority created = transactions.execute(tx -> {
            authorities.lock("client-ca:" + hostId);
            Instant now = now();
            Optional<Authority> current = authorities.activeClientCa(hostId);
            current.ifPresent(old -> {
                authorities.deactivate(old.id());
                records.revoke(old.serial(), now);
                // Everything the old CA signed stops opening the host once the new CA is installed:
                // record it as revoked, so the list and the CRL say so.
                records.revokeIssuedBy(hostId, old.serial(), now);
            });
            return createClientCa(hostId, current.map(a -> a.generation() + 1).orElse(1), requestedBy, now);
        });
        return view(created);
    }

    @Override
    public Optional<CertificateRecord> revoke(UUID hostId, String serial) {
        return transactions.execute(tx -> {
            Optional<CertificateRecord> found = records.find(serial).filter(r -> hostId.equals(r.hostId()));
            found.ifPresent(r -> records.revoke(serial, now()));
            return found.flatMap(r -> records.find(serial));
        });
    }

    @Override
    public int revokeHost(UUID hostId) {
        return transactions.execute(tx -> {
            authorities.deactivateHost(hostId);
            return records.revokeHost(hostId, now());
        });
    }

    @Override
    public List<CertificateRecord> certificates(UUID hostId, CertificateKind kind) {
        return records.forHost(hostId, kind);
    }

    @Override
    public byte[] crl() {
        Instant now = now();
        return crlSigner.sign(hierarchy(), records.revokedUnexpired(now), records.nextCrlNumber(), now,
                now.plus(properties.crlTtl()));
    }

    private Authority clientCaAuthority(UUID hostId, String requestedBy) {
        Optional<Authority> existing = authorities.activeClientCa(hostId);
        if (existing.isPresent()) {
            return existing.get();
        }
        return transactions.execute(tx -> {
            authorities.lock("client-ca:" + hostId);
            return authorities.activeClientCa(hostId).orElseGet(() -> createClientCa(hostId, 1, requestedBy, now()));
        });
    }

    private Authority createClientCa(UUID hostId, int generation, String requestedBy, Instant now) {
        Authority parent = hierarchy();
        KeyPair key = KeyPairs.issuingCaKey();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Dockyard")
                .addRDN(BCStyle.OU, "host " + hostId)
                .addRDN(BCStyle.CN, "Dockyard Client CA " + hostId.toString().substring(0, 8) + " g" + generation)
                .build();
        X509Certificate certificate = CertificateSigner.ca(subject, key.getPublic(), parent.issuer(), 0, now,
                capped(now.plus(properties.clientCaTtl()), parent), Serials.next());
        Authority authority = new Authority(UUID.randomUUID(), CLIENT_CA, hostId, generation, certificate, key.getPrivate());
        authorities.insert(authority, now);
        records.record(certificate, parent.serial(), CertificateKind.CLIENT_CA, hostId, requestedBy);
        return authority;
    }

    private Authority serverCa() {
        hierarchy();
        return serverCa;
    }

    private Authority hierarchy() {
        Authority loaded = root;
        if (loaded != null) {
            return loaded;
        }
        synchronized (this) {
            if (root == null) {
                transactions.executeWithoutResult(tx -> {
                    authorities.lock("hierarchy");
                    Instant now = now();
                    Authority r = authorities.activeShared(ROOT).orElseGet(() -> createRoot(now));
                    Authority s = authorities.activeShared(SERVER_CA).orElseGet(() -> createServerCa(r, now));
                    serverCa = s;
                    serverCaPem = Pem.of(s.certificate());
                    rootPem = Pem.of(r.certificate());
                    root = r;
                });
            }
            return root;
        }
    }

    private Authority createRoot(Instant now) {
        KeyPair key = KeyPairs.rootKey();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Dockyard")
                .addRDN(BCStyle.CN, "Dockyard Root CA").build();
        X509Certificate certificate = CertificateSigner.ca(subject, key.getPublic(),
                CertificateSigner.selfIssuer(subject, key), 1, now, now.plus(properties.rootTtl()), Serials.next());
        Authority authority = new Authority(UUID.randomUUID(), ROOT, null, 1, certificate, key.getPrivate());
        authorities.insert(authority, now);
        records.record(certificate, CertificateKind.ROOT_CA, null, "system");
        return authority;
    }

    private Authority createServerCa(Authority root, Instant now) {
        KeyPair key = KeyPairs.issuingCaKey();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Dockyard")
                .addRDN(BCStyle.CN, "Dockyard Server CA").build();
        X509Certificate certificate = CertificateSigner.ca(subject, key.getPublic(), root.issuer(), 0, now,
                capped(now.plus(properties.serverCaTtl()), root), Serials.next());
        Authority authority = new Authority(UUID.randomUUID(), SERVER_CA, null, 1, certificate, key.getPrivate());
        authorities.insert(authority, now);
        records.record(certificate, root.serial(), CertificateKind.SERVER_CA, null, "system");
        return authority;
    }

    private static HostClientCa view(Authority ca) {
        return new HostClientCa(ca.serial(), ca.generation(), Pem.of(ca.certificate()),
                CertificateRecords.fingerprint(ca.certificate()), ca.certificate().getNotAfter().toInstant());
    }

    /** No certificate outlives the CA that signed it. */
    private static Instant capped(Instant wanted, Authority issuer) {
        Instant limit = issuer.certificate().getNotAfter().toInstant();
        return wanted.isAfter(limit) ? limit : wanted;
    }

    private static X500Name name(String commonName, UUID hostId) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Dockyard")
                .addRDN(BCStyle.OU, "host " + hostId).addRDN(BCStyle.CN, commonName).build();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

}
