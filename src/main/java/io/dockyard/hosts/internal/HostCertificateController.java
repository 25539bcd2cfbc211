package io.dockyard.hosts.internal;

import io.dockyard.pki.CertificateRecord;
import io.dockyard.pki.ClientBundle;
import io.dockyard.pki.HostClientCa;
import io.dockyard.security.CallerPrincipal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * HTTP for a host's credentials: client certificates (JSON, or a zip ready for
 * {@code DOCKER_CERT_PATH}), their list and revocation, and client CA rotation.
 */
@RestController
class HostCertificateController {

    private static final MediaType ZIP = MediaType.parseMediaType("application/zip");

    private final HostCertificates certificates;

    HostCertificateController(HostCertificates certificates) {
        this.certificates = certificates;
    }

    @PostMapping(path = "/api/v1/hosts/{id}/client-certificates")
    ResponseEntity<?> issue(@PathVariable UUID id, @RequestBody(required = false) JsonNode body,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            @AuthenticationPrincipal CallerPrincipal caller) {
        ClientBundle bundle = certificates.issue(id, body, caller);
        if (wantsZip(accept)) {
            return ResponseEntity.status(HttpStatus.CREATED).contentType(ZIP)
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                            .filename("dockyard-" + id + "-" + bundle.serial() + ".zip").build().toString())
                    .body(zip(bundle));
        }
        return ResponseEntity.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON)
                .body(new BundleResponse(bundle.serial(), bundle.notAfter(), bundle.caPem(), bundle.certPem(),
                        bundle.keyPem()));
    }

    @GetMapping(path = "/api/v1/hosts/{id}/client-certificates", produces = MediaType.APPLICATION_JSON_VALUE)
    PageResponse<CertificateRecord> list(@PathVariable UUID id, @AuthenticationPrincipal CallerPrincipal caller) {
        return new PageResponse<>(certificates.list(id, caller), null);
    }

    @DeleteMapping(path = "/api/v1/hosts/{id}/client-certificates/{serial}")
    ResponseEntity<Void> revoke(@PathVariable UUID id, @PathVariable String serial,
            @AuthenticationPrincipal CallerPrincipal caller) {
        certificates.revoke(id, serial.toLowerCase(java.util.Locale.ROOT), caller);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/api/v1/hosts/{id}/rotate-certificates", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<HostClientCa> rotate(@PathVariable UUID id, @AuthenticationPrincipal CallerPrincipal caller) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(certificates.rotate(id, caller));
    }

    /** A new client certificate on the wire; the key is in this answer and nowhere else. */
    record BundleResponse(String serial, Instant notAfter, String caPem, String certPem, String keyPem) {
    }

    private static boolean wantsZip(String accept) {
        if (accept == null) {
            return false;
        }
        List<MediaType> types = new java.util.ArrayList<>(MediaType.parseMediaTypes(accept));
        types.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        for (MediaType type : types) {
            if (type.isCompatibleWith(ZIP) && !type.isWildcardType()) {
                return true;
            }
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                return false;
            }
        }
        return false;
    }

    private static byte[] zip(ClientBundle bundle) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            entry(out, "ca.pem", bundle.caPem());
            entry(out, "cert.pem", bundle.certPem());
            entry(out, "key.pem", bundle.keyPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(content.getBytes(StandardCharsets.US_ASCII));
        out.closeEntry();
    }
}
