package io.dockyard.pki;

import io.dockyard.support.ApiTest;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CA's certificates in a real mutual-TLS handshake over loopback sockets, set up the way
 * dockerd is (its server certificate and key, client authentication required, trusting exactly the
 * host's client CA) and the way the docker CLI is (trusting the root, verifying the host name).
 * Parsing and openssl checks cannot show that a client certificate really opens one host only,
 * stops working when it expires or its CA is rotated, or that a client refuses a server that is
 * not the host it asked for; this test does.
 */
@ApiTest
class MutualTlsTest {

    private static final int TIMEOUT_MILLIS = 10_000;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Autowired
    CertificateAuthority ca;

    private ExecutorService serverThread;

    @BeforeEach
    void startServerThread() {
        serverThread = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stopServerThread() throws InterruptedException {
        serverThread.shutdownNow();
        assertThat(serverThread.awaitTermination(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void clientCertificateOfTheHostsClientCaCompletesTheHandshakeAndExchangesBytes(String protocol) throws Exception {
        UUID host = UUID.randomUUID();
        ServerCertificate server = serverCertificate(host);
        ClientBundle alice = ca.issueClientCertificate(host, "token:alice", Duration.ofHours(1), "token:alice");

        Outcome outcome = exchange(protocol, server, ca.clientCa(host, "test").certificatePem(), alice, "127.0.0.1");

        outcome.assertAccepted();
        assertThat(outcome.protocol()).isEqualTo(protocol);
        assertThat(outcome.clientSubject()).contains("CN=token:alice", "OU=host " + host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void refusesClientCertificateOfAnotherHost(String protocol) throws Exception {
        UUID host = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        ServerCertificate server = serverCertificate(host);
        ClientBundle foreign = ca.issueClientCertificate(other, "token:mallory", Duration.ofHours(1), "token:mallory");

        Outcome outcome = exchange(protocol, server, ca.clientCa(host, "test").certificatePem(), foreign, "127.0.0.1");

        outcome.assertRefusedByServer();
    }

    @Test
    void refusesExpiredClientCertificate() throws Exception {
        UUID host = UUID.randomUUID();
        ServerCertificate server = serverCertificate(host);
        ClientBundle shortLived = ca.issueClientCertificate(host, "token:brief", Duration.ofSeconds(1), "token:brief");
        X509Certificate certificate = certificates(shortLived.certPem()).getFirst();
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(shortLived.notAfter())
                .as("a one-second certificate ends within seconds").isBefore(Instant.now().plusSeconds(3));
        Instant pastExpiry = shortLived.notAfter().plusMillis(500);
        while (Instant.now().isBefore(pastExpiry)) {
            Thread.sleep(Math.max(1, Duration.between(Instant.now(), pastExpiry).toMillis()));
        }

        Outcome outcome = exchange("TLSv1.3", server, ca.clientCa(host, "test").certificatePem(), shortLived,
                "127.0.0.1");

        outcome.assertRefusedByServer();
        assertThat(causes(outcome.serverFailure())).hasAtLeastOneElementOfType(CertificateExpiredException.class);
    }

    @Test
    void afterRotationRefusesClientCertificateOfTheOldCaAndAcceptsOneOfTheNew() throws Exception {
        UUID host = UUID.randomUUID();
        ServerCertificate server = serverCertificate(host);
        String oldCa = ca.clientCa(host, "test").certificatePem();
        ClientBundle before = ca.issueClientCertificate(host, "token:before", Duration.ofHours(1), "token:before");
        exchange("TLSv1.3", server, oldCa, before, "127.0.0.1").assertAccepted();

        String newCa = ca.rotateClientCa(host, "token:admin").certificatePem();
        ClientBundle after = ca.issueClientCertificate(host, "token:after", Duration.ofHours(1), "token:after");

        exchange("TLSv1.3", server, newCa, before, "127.0.0.1").assertRefusedByServer();
        Outcome accepted = exchange("TLSv1.3", server, newCa, after, "127.0.0.1");
        accepted.assertAccepted();
        assertThat(accepted.clientSubject()).contains("CN=token:after");
    }

    @Test
    void clientVerifiesTheServerCertificateAgainstAnIpAddressSan() throws Exception {
        UUID host = UUID.randomUUID();
        ServerCertificate server = ca.issueServerCertificate(host, List.of("docker-a.example"),
                List.of(InetAddress.getByName("127.0.0.1")), "test");
        ClientBundle client = ca.issueClientCertificate(host, "token:alice", Duration.ofHours(1), "token:alice");
        String clientCa = ca.clientCa(host, "test").certificatePem();

        exchange("TLSv1.3", server, clientCa, client, "127.0.0.1").assertAccepted();
        exchange("TLSv1.3", server, clientCa, client, "docker-a.example").assertAccepted();
    }

    @Test
    void clientRefusesServerCertificateForAnotherName() throws Exception {
        UUID host = UUID.randomUUID();
        ServerCertificate otherServer = ca.issueServerCertificate(host, List.of("other-host.example"), List.of(),
                "test");
        ClientBundle client = ca.issueClientCertificate(host, "token:alice", Duration.ofHours(1), "token:alice");
        String clientCa = ca.clientCa(host, "test").certificatePem();

        Outcome byName = exchange("TLSv1.3", otherServer, clientCa, client, "docker-a.example");
        Outcome byAddress = exchange("TLSv1.3", otherServer, clientCa, client, "127.0.0.1");
        Outcome asNamed = exchange("TLSv1.3", otherServer, clientCa, client, "other-host.example");

        byName.assertRefusedByClient();
        assertThat(byName.clientFailure()).hasMessageContaining("docker-a.example");
        byAddress.assertRefusedByClient();
        assertThat(byAddress.clientFailure()).hasMessageContaining("127.0.0.1");
        asNamed.assertAccepted();
    }

    private ServerCertificate serverCertificate(UUID host) throws IOException {
        return ca.issueServerCertificate(host, List.of("docker-" + host.toString().substring(0, 8) + ".example"),
                List.of(InetAddress.getByName("127.0.0.1")), "test");
    }

    /**
     * One connection: a server on an ephemeral loopback port presenting {@code server} and trusting
     * only {@code clientCaPem}; a client trusting the root, presenting {@code client} and verifying
     * the server as {@code connectAs} (HTTPS endpoint identification, SNI for names). The client
     * sends a line and expects it echoed.
     */
    private Outcome exchange(String protocol, ServerCertificate server, String clientCaPem, ClientBundle client,
            String connectAs) throws Exception {
        SSLContext serverContext = context(keyManager(server.certificatePem(), server.privateKeyPem()), clientCaPem);
        SSLContext clientContext = context(keyManager(client.certPem(), client.keyPem()), client.caPem());
        assertThat(client.caPem()).isEqualTo(server.trustAnchorPem());

        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, LOOPBACK)) {
            listener.setSoTimeout(TIMEOUT_MILLIS);
            listener.setEnabledProtocols(new String[] {protocol});
            listener.setNeedClientAuth(true);
            Future<Served> served = serverThread.submit(() -> serve(listener));

            String echoed = null;
            String negotiated = null;
            IOException clientFailure = null;
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()), TIMEOUT_MILLIS);
                plain.setSoTimeout(TIMEOUT_MILLIS);
                try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory()
                        .createSocket(plain, connectAs, listener.getLocalPort(), true)) {
                    SSLParameters parameters = socket.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    parameters.setProtocols(new String[] {protocol});
                    socket.setSSLParameters(parameters);
                    socket.startHandshake();
                    negotiated = socket.getSession().getProtocol();
                    OutputStream out = socket.getOutputStream();
                    out.write("ping\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    echoed = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                            .readLine();
                }
            } catch (IOException e) {
                clientFailure = e;
            }

            try {
                Served result = served.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                return new Outcome(echoed, negotiated, clientFailure, result.clientSubject(), result.received(), null);
            } catch (ExecutionException e) {
                return new Outcome(echoed, negotiated, clientFailure, null, null, e.getCause());
            }
        }
    }

    private record Served(String clientSubject, String received) {
    }

    private static Served serve(SSLServerSocket listener) throws IOException {
        try (SSLSocket socket = (SSLSocket) listener.accept()) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.startHandshake();
            Principal subject = socket.getSession().getPeerPrincipal();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = in.readLine();
            OutputStream out = socket.getOutputStream();
            out.write(("echo:" + line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new Served(subject.getName(), line);
        }
    }

    /**
     * What happened on both ends. Over TLS 1.3 the client finishes its side of the handshake
     * before the server has judged the client certificate, so a refusal by the server shows on the
     * client only as a failed read; the server's failure says why.
     */
    private record Outcome(String echoed, String protocol, IOException clientFailure, String clientSubject,
            String serverReceived, Throwable serverFailure) {

        void assertAccepted() {
            assertThat(clientFailure).as("client failure").isNull();
            assertThat(serverFailure).as("server failure").isNull();
            assertThat(serverReceived).isEqualTo("ping");
            assertThat(echoed).isEqualTo("echo:ping");
        }

        void assertRefusedByServer() {
            assertThat(serverFailure).as("server failure").isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("PKIX");
            assertThat(clientFailure).as("client failure").isNotNull();
            assertThat(echoed).isNull();
            assertThat(serverReceived).isNull();
        }

        void assertRefusedByClient() {
            assertThat(clientFailure).as("client failure").isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("No subject alternative");
            // The client's alert may reach the server as a handshake failure or, when the client has
            // already closed, as a broken pipe: either way the server never got to read a byte.
            assertThat(serverFailure).as("server failure").isInstanceOf(java.io.IOException.class);
            assertThat(echoed).isNull();
            assertThat(serverReceived).isNull();
        }
    }

    private static SSLContext context(KeyManager keyManager, String trustedPem) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        List<X509Certificate> anchors = certificates(trustedPem);
        assertThat(anchors).hasSize(1);
        trusted.setCertificateEntry("anchor", anchors.getFirst());
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {keyManager}, trust.getTrustManagers(), null);
        return context;
    }

    /** The chain from PEM and the PKCS#8 key decoded with nothing but the JDK. */
    private static KeyManager keyManager(String chainPem, String keyPem) throws Exception {
        List<X509Certificate> chain = certificates(chainPem);
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----");
        String base64 = keyPem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        String algorithm = chain.getFirst().getPublicKey().getAlgorithm();
        PrivateKey key = KeyFactory.getInstance(algorithm)
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        return new FixedKeyManager(chain.toArray(X509Certificate[]::new), key);
    }

    private static List<X509Certificate> certificates(String pem) throws Exception {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                .map(c -> (X509Certificate) c).toList();
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /**
     * Presents one certificate whatever the peer asks for, like dockerd and the docker CLI do. The
     * JDK's own key managers would skip a client certificate whose issuer is not among the
     * server's acceptable CAs and send none at all, so the server's trust decision would never be
     * exercised.
     */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {

        private static final String ALIAS = "only";

        private final X509Certificate[] chain;
        private final PrivateKey key;

        FixedKeyManager(X509Certificate[] chain, PrivateKey key) {
            this.chain = chain;
            this.key = key;
        }

        private String aliasFor(String... keyTypes) {
            return Arrays.asList(keyTypes).contains(key.getAlgorithm()) ? ALIAS : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return aliasFor(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return aliasFor(keyTypes);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyTypes);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return aliasFor(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return aliasFor(keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyType);
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
}
