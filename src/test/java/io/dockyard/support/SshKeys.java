package io.dockyard.support;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Base64;

/**
 * Real OpenSSH public key lines made from keys the JDK generates, so tests use keys that an
 * {@code ssh-keygen} would produce, in the same wire format.
 */
public final class SshKeys {

    private SshKeys() {
    }

    public static String ed25519() {
        try {
            var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            EdECPublicKey key = (EdECPublicKey) pair.getPublic();
            byte[] y = key.getPoint().getY().toByteArray();
            byte[] little = new byte[32];
            for (int i = 0; i < 32 && i < y.length; i++) {
                little[i] = y[y.length - 1 - i];
            }
            if (key.getPoint().isXOdd()) {
                little[31] |= (byte) 0x80;
            }
            return line("ssh-ed25519", out -> bytes(out, little));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4));
            RSAPublicKey key = (RSAPublicKey) generator.generateKeyPair().getPublic();
            return line("ssh-rsa", out -> {
                bytes(out, key.getPublicExponent().toByteArray());
                bytes(out, key.getModulus().toByteArray());
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String ecdsa256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
            byte[] point = new byte[65];
            point[0] = 4;
            copy(key.getW().getAffineX(), point, 1);
            copy(key.getW().getAffineY(), point, 33);
            return line("ecdsa-sha2-nistp256", out -> {
                bytes(out, "nistp256".getBytes(StandardCharsets.US_ASCII));
                bytes(out, point);
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(BigInteger value, byte[] into, int offset) {
        byte[] raw = value.toByteArray();
        int len = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - len, into, offset + 32 - len, len);
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static String line(String type, Body body) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        bytes(out, type.getBytes(StandardCharsets.US_ASCII));
        body.write(out);
        return type + " " + Base64.getEncoder().encodeToString(buffer.toByteArray()) + " test@dockyard";
    }

    private static void bytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }
}
