package io.dockyard.simulator.internal.engine;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A fake engine's one server key and chain, handed to TLS as they are. A PKCS#12 key store would do the same after
 * sealing and unsealing the key with 10,000 rounds of PBKDF2 — per engine start, which in a batch of hundreds of
 * simulated VMs cost the simulator more CPU than answering ARM did.
 */
final class ServerKey extends X509ExtendedKeyManager {

    private static final String ALIAS = "server";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    ServerKey(PrivateKey key, X509Certificate[] chain) {
        this.key = key;
        this.chain = chain.clone();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return matches(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return matches(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return matches(keyType) ? ALIAS : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }

    /** TLS asks per key type (EC, RSA, ...); offering an RSA key for an EC suite would fail the handshake. */
    private boolean matches(String keyType) {
        String algorithm = key.getAlgorithm();
        return keyType == null || keyType.equalsIgnoreCase(algorithm)
                || ("EC".equalsIgnoreCase(algorithm) && keyType.toUpperCase(java.util.Locale.ROOT).startsWith("EC"));
    }
}
