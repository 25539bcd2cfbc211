package io.dockyard.pki.internal;

import io.dockyard.pki.CertificateAuthority;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CA's public face: the trust anchor for host server certificates and the CRL. Both are
 * public information, served without a token, as relying parties expect of a CRL.
 */
@RestController
class PkiController {

    private static final MediaType PEM = MediaType.parseMediaType("application/x-pem-file");
    private static final MediaType CRL = MediaType.parseMediaType("application/pkix-crl");

    private final CertificateAuthority ca;

    PkiController(CertificateAuthority ca) {
        this.ca = ca;
    }

    @GetMapping("/api/v1/pki/ca.pem")
    ResponseEntity<String> trustAnchor() {
        return ResponseEntity.ok().contentType(PEM).cacheControl(CacheControl.noCache()).body(ca.trustAnchorPem());
    }

    @GetMapping("/api/v1/pki/crl")
    ResponseEntity<byte[]> crl() {
        return ResponseEntity.ok().contentType(CRL).cacheControl(CacheControl.noCache()).body(ca.crl());
    }
}
