package io.dockyard.pki.internal;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Certificate serial numbers: 159 random bits, positive and non-zero, so the DER encoding never
 * exceeds the 20 bytes RFC 5280 allows, with more entropy than the CA/B Forum's 64-bit minimum.
 */
final class Serials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Serials() {
    }

    static BigInteger next() {
        BigInteger serial;
        do {
            serial = new BigInteger(159, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }

    static String hex(BigInteger serial) {
        return serial.toString(16);
    }
}
