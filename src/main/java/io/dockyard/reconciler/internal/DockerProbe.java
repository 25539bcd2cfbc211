package io.dockyard.reconciler.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
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
 * Dockyard's root. {@code GET /_ping} then {@code GET /version} for the engine version. The address is the public
 * IP (which the server certificate names), so the probe needs no DNS.
 */
final class DockerProbe {

    /** What the probe found: the engine version, or why it could not be reached. */
    record Result(boolean reachable, String serverVersion, String error) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Duration timeout;

    DockerProbe(Duration timeout) {
        this.timeout = timeout;
    }

    Result probe(InetAddress address, int port, ClientBundle credentials, String trustAnchorPem) {
        HttpClient client;
        try {
            client = HttpClient.newBuilder().sslContext(context(credentials, trustAnchorPem)).connectTimeout(timeout)
                    .version(HttpClient.Version.HTTP_1_1).build();
        } catch (GeneralSecurityException | IOException e) {
            return new Result(false, null, "cannot build the probe's TLS context: " + e.getMessage());
        }
        String base = "https://" + (address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress()) + ":" + port;
        try (client) {
            HttpResponse<String> ping = client.send(request(base + "/_ping"), HttpResponse.BodyHandlers.ofString());
            if (ping.statusCode() != 200) {
                return new Result(false, null, "GET /_ping answered " + ping.statusCode());
            }
            HttpResponse<String> version = client.send(request(base + "/version"), HttpResponse.BodyHandlers.ofString());
            if (version.statusCode() != 200) {
                return new Result(false, null, "GET /version answered " + version.statusCode());
            }
            JsonNode body = JSON.readTree(version.body());
            return new Result(true, body.path("Version").asString(null), null);
        } catch (IOException e) {
            return new Result(false, null, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, null, "interrupted");
        } catch (RuntimeException e) {
            return new Result(false, null, "unexpected answer: " + e.getMessage());
        }
    }

    private HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    }

    private static String describe(IOException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String what = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return (e instanceof javax.net.ssl.SSLException ? "TLS handshake failed: " : "no answer: ") + what;
    }

    private static SSLContext context(ClientBundle credentials, String trustAnchorPem)
            throws GeneralSecurityException, IOException {
        CertificateFactory certificates = CertificateFactory.getInstance("X.509");
        Collection<? extends Certificate> chain = certificates.generateCertificates(
                new ByteArrayInputStream(credentials.certPem().getBytes(StandardCharsets.US_ASCII)));
        // A key manager that hands out the one key: a PKCS12 key entry is sealed with 10,000 rounds of PBKDF2 on the
        // way in and again on the way out, which made building this context the costliest part of a probe.
        X509Certificate[] certs = chain.stream().map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        KeyManager[] keyManagers = {new OneKey(privateKey(credentials.keyPem()), certs)};
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (Certificate anchor : certificates.generateCertificates(
                new ByteArrayInputStream(trustAnchorPem.getBytes(StandardCharsets.US_ASCII)))) {
            trust.setCertificateEntry("anchor-" + i++, anchor);
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trustManagers.getTrustManagers(), null);
        return context;
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
