package io.dockyard.hosts.internal;

import io.dockyard.support.SshKeys;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SshPublicKeyTest {

    @Test
    void acceptsRealKeysOfEverySupportedType() {
        assertThat(SshPublicKey.problem(SshKeys.ed25519())).isEmpty();
        assertThat(SshPublicKey.problem(SshKeys.rsa(3072))).isEmpty();
        assertThat(SshPublicKey.problem(SshKeys.ecdsa256())).isEmpty();
    }

    @Test
    void refusesShortRsaKeys() {
        assertThat(SshPublicKey.problem(SshKeys.rsa(1024))).hasValueSatisfying(p -> assertThat(p).contains("2048"));
    }

    @Test
    void refusesKeyWhoseBlobSaysAnotherType() {
        String ed = SshKeys.ed25519().split(" ")[1];
        assertThat(SshPublicKey.problem("ecdsa-sha2-nistp256 " + ed)).isPresent();
    }

    @Property(tries = 200)
    void truncatedKeyDataIsRefused(@ForAll @IntRange(min = 1, max = 50) int cut) {
        String[] parts = SshKeys.ed25519().split(" ");
        byte[] blob = Base64.getDecoder().decode(parts[1]);
        byte[] shorter = java.util.Arrays.copyOf(blob, Math.max(0, blob.length - cut));

        assertThat(SshPublicKey.problem(parts[0] + " " + Base64.getEncoder().encodeToString(shorter))).isPresent();
    }

    @Property(tries = 200)
    void extraBytesAreRefused(@ForAll @IntRange(min = 1, max = 8) int extra) {
        String[] parts = SshKeys.ed25519().split(" ");
        byte[] blob = Base64.getDecoder().decode(parts[1]);
        byte[] longer = java.util.Arrays.copyOf(blob, blob.length + extra);

        assertThat(SshPublicKey.problem(parts[0] + " " + Base64.getEncoder().encodeToString(longer))).isPresent();
    }
}
