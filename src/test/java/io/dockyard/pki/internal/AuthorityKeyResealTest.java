package io.dockyard.pki.internal;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.dockyard.pki.CertificateAuthority;
import io.dockyard.pki.SealedSecret;
import io.dockyard.pki.SecretCipher;
import io.dockyard.support.ApiTestSupport;
import io.dockyard.support.ForeignSeal;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host's client CA key left sealed under a retired key-encryption key still signs, and the background re-seal
 * moves it under the current key without changing the key itself.
 */
@TestPropertySource(properties = "dockyard.pki.other-keks.retired-kek=b2xkLWtleS1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcyE=")
class AuthorityKeyResealTest extends ApiTestSupport {

    private static final String OLD = "b2xkLWtleS1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcyE=";

    @Autowired
    AuthorityKeyReseal reseal;
    @Autowired
    SecretCipher cipher;
    @Autowired
    CertificateAuthority authority;

    @Test
    void aCaKeyUnderARetiredKeyStillSignsAndIsResealedUnderTheCurrentOne() {
        UUID hostId = UUID.fromString(create(teamA, "ca-rotated").path("id").asString());
        String caSerial = authority.clientCa(hostId, "test").serial();
        record Row(UUID id, SealedSecret sealed) {
        }
        Row row = jdbc.sql("select id, key_id, key_nonce, key_ciphertext from pki_authorities where host_id = :h and active")
                .param("h", hostId).query((rs, n) -> new Row(rs.getObject(1, UUID.class),
                        new SealedSecret(rs.getString(2), rs.getBytes(3), rs.getBytes(4)))).single();
        String context = "pki-authority:" + row.id();
        String keyPem = cipher.open(row.sealed(), context);
        SealedSecret old = ForeignSeal.seal("retired-kek", OLD, keyPem, context);
        jdbc.sql("update pki_authorities set key_id = :k, key_nonce = :n, key_ciphertext = :c where id = :id")
                .param("k", old.keyId()).param("n", old.nonce()).param("c", old.ciphertext()).param("id", row.id())
                .update();

        assertThat(api.post("/api/v1/hosts/" + hostId + "/client-certificates", teamA, "{}").status())
                .as("the CA still signs with its key under the retired key-encryption key").isEqualTo(201);

        reseal.reseal();

        SealedSecret after = jdbc.sql("select key_id, key_nonce, key_ciphertext from pki_authorities where id = :id")
                .param("id", row.id()).query((rs, n) -> new SealedSecret(rs.getString(1), rs.getBytes(2), rs.getBytes(3)))
                .single();
        assertThat(after.keyId()).isEqualTo("test-kek");
        assertThat(cipher.open(after, context)).isEqualTo(keyPem);
        assertThat(authority.clientCa(hostId, "test").serial()).isEqualTo(caSerial);
        assertThat(jdbc.sql("select count(*) from pki_authorities where key_id <> 'test-kek'").query(Long.class).single())
                .isZero();
        assertThat(List.of(api.post("/api/v1/hosts/" + hostId + "/client-certificates", teamA, "{}").status()))
                .containsExactly(201);
    }
}
