package io.dockyard.reconciler.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import io.dockyard.pki.ClientBundle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks a host's Docker engine whether it answers, the way a team's {@code docker --tlsverify} will: mutual TLS
 * with a short-lived control-plane client certificate from the host's client CA, the server verified against
 * Dockyard's root. {@code GET /_ping} then {@code GET /version} for the engine version, on a connection of its own:
 * each probe makes a fresh handshake, so a renewed or rotated certificate is what gets checked. The address is the
 * public IP (which the server certificate must name, as the docker CLI requires), so the probe needs no DNS.
 */
final class DockerProbe {

    /** What the probe found: the engine version, or why it could not be reached. */
    record Result(boolean reachable, String serverVersion, String error) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Duration timeout;
    private volatile Trust trust;

    DockerProbe(Duration timeout) {
        this.timeout = timeout;
    }

    Result probe(InetAddress address, int port, ClientBundle credentials, String trustAnchorPem) {
        SSLSocketFactory tls;
        try {
            tls = context(credentials, trustAnchorPem).getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            return new Result(false, null, "cannot build the probe's TLS context: " + e.getMessage());
        }
        String host = address.getHostAddress();
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        // The handshake and both answers together get twice the timeout: an engine that trickles bytes must not
        // hold one of the reconciler's slots for longer than that.
        long deadline = System.nanoTime() + 2 * timeout.toNanos();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), millis);
            plain.setSoTimeout(millis);
            // Created with the address as its host name, so that HTTPS identification checks the certificate's IP
            // names, as the docker CLI does with tcp://IP:PORT.
            try (SSLSocket socket = (SSLSocket) tls.createSocket(plain, host, port, true)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                InputStream in = new BufferedInputStream(new Deadline(socket, deadline));
                OutputStream out = socket.getOutputStream();
                ProbeHttp.Response ping = ProbeHttp.get(in, out, authority, "/_ping", false);
                if (ping.status() != 200) {
                    return new Result(false, null, "GET /_ping answered " + ping.status());
                }
                ProbeHttp.Response version = ProbeHttp.get(in, out, authority, "/version", true);
                if (version.status() != 200) {
                    return new Result(false, null, "GET /version answered " + version.status());
                }
                JsonNode body = JSON.readTree(version.body());
                return new Result(true, body.path("Version").asString(null), null);
            }
        } catch (IOException e) {
            return new Result(false, null, describe(e));
        } catch (RuntimeException e) {
            return new Result(false, null, "unexpected answer: " + e.getMessage());
        }
    }

    private static String describe(IOException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String what = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return (e instanceof javax.net.ssl.SSLException ? "TLS handshake failed: " : "no answer: ") + what;
    }

    private SSLContext context(ClientBundle credentials, String trustAnchorPem)
            throws GeneralSecurityException, IOException {
        CertificateFactory certificates = CertificateFactory.getInstance("X.509");
        Collection<? extends Certificate> chain = certificates.generateCertificates(
                new ByteArrayInputStream(credentials.certPem().getBytes(StandardCharsets.US_ASCII)));
        // A key manager that hands out the one key: a PKCS12 key entry is sealed with 10,000 rounds of PBKDF2 on the
        // way in and again on the way out, which made building this context the costliest part of a probe.
        X509Certificate[] certs = chain.stream().map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        KeyManager[] keyManagers = {new OneKey(privateKey(credentials.keyPem()), certs)};
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trustManagers(trustAnchorPem), null);
        return context;
    }

    /** Trust in Dockyard's root, built once for as long as the root stays the same. */
    private TrustManager[] trustManagers(String trustAnchorPem) throws GeneralSecurityException {
        Trust cached = trust;
        if (cached != null && cached.anchorPem().equals(trustAnchorPem)) {
            return cached.managers();
        }
        CertificateFactory certificates = CertificateFactory.getInstance("X.509");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an empty trust store", e);
        }
        int i = 0;
        for (Certificate anchor : certificates.generateCertificates(
                new ByteArrayInputStream(trustAnchorPem.getBytes(StandardCharsets.US_ASCII)))) {
            store.setCertificateEntry("anchor-" + i++, anchor);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        TrustManager[] managers = factory.getTrustManagers();
        trust = new Trust(trustAnchorPem, managers);
        return managers;
    }

    private record Trust(String anchorPem, TrustManager[] managers) {
    }

    /** The socket's input with each read allowed only the time left before the probe's deadline. */
    private static final class Deadline extends FilterInputStream {
        private final Socket socket;
        private final long deadline;

        Deadline(Socket socket, long deadline) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            limit();
            try {
                return super.read();
            } catch (SocketTimeoutException e) {
                throw overdue(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            limit();
            try {
                return super.read(buffer, offset, length);
            } catch (SocketTimeoutException e) {
                throw overdue(e);
            }
        }

        private void limit() throws IOException {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw overdue(null);
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        }

        /** The read timed out because the deadline came (not because one read waited its own timeout). */
        private SocketTimeoutException overdue(SocketTimeoutException timedOut) {
            if (timedOut != null && deadline - System.nanoTime() > TimeUnit.MILLISECONDS.toNanos(5)) {
                return timedOut;
            }
            return new SocketTimeoutException("the engine's answer took longer than the probe allows");
        }
    }

    /** The probe's client key and chain, offered whatever the server asks for; the probe never serves. */
    private static final class OneKey extends X509ExtendedKeyManager {
        private static final String ALIAS = "probe";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        OneKey(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
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
    }

    private static PrivateKey privateKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object read = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (read instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (read instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException("the probe's key is not an unencrypted PEM private key");
        }
    }
}
