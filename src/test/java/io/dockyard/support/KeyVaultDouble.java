package io.dockyard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for Azure Key Vault's keys REST API, served over HTTPS on 127.0.0.1 with a certificate from its own CA
 * ({@link #caFile()}), so the real Azure SDK can be pointed at it. It answers what a key-wrapping client uses: the
 * bearer challenge, reading RSA keys (created and rotated by the test through {@link #createRsaKey} and
 * {@link #rotate}), and {@code wrapkey}/{@code unwrapkey} with real RSA-OAEP-256 under private keys that never leave
 * it. Disabled keys answer 403 {@code Forbidden} as Key Vault does.
 * Tests count requests per operation and can look inside wrapped values with {@link #unwrapForTest}.
 */
public final class KeyVaultDouble implements AutoCloseable {

    /** What a 401 names as the authority; the SDK asks its credential for a token for that tenant. */
    public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern KEY_PATH = Pattern.compile(
            "/keys/([A-Za-z0-9-]+)(?:/([A-Za-z0-9]*))?(?:/(wrapkey|unwrapkey))?/?");

    private record Version(String id, KeyPair keys, long created) {
    }

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Path caFile;
    private final Map<String, List<Version>> keys = new ConcurrentHashMap<>();
    private final Map<String, Boolean> disabled = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> apiVersions = new CopyOnWriteArrayList<>();
    private final AtomicInteger challenges = new AtomicInteger();

    private KeyVaultDouble(Path dir) {
        try {
            TestCertificates.Issued ca = TestCertificates.ca("Key Vault double CA");
            TestCertificates.Issued tls = TestCertificates.server(ca, "127.0.0.1");
            caFile = dir.resolve("key-vault-ca.pem");
            Files.writeString(caFile, ca.certificatePem());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("vault", tls.keys().getPrivate(), new char[0],
                    new java.security.cert.X509Certificate[] {tls.certificate(), ca.certificate()});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, new SecureRandom());
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.setHttpsConfigurator(new HttpsConfigurator(context));
            server.setExecutor(executor);
            server.createContext("/", this::handle);
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a vault on a free port; its CA certificate goes to {@code dir}. */
    public static KeyVaultDouble start(Path dir) {
        return new KeyVaultDouble(dir);
    }

    public String vaultUrl() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The versionless key identifier, as an operator would configure it. */
    public String keyId(String name) {
        return vaultUrl() + "/keys/" + name;
    }

    public Path caFile() {
        return caFile;
    }

    /** Creates an RSA key (or, if it exists, a new version of it) and returns the new version's identifier. */
    public String createRsaKey(String name) {
        Version version = newVersion();
        keys.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(version);
        return kid(name, version);
    }

    /** What Key Vault's rotation does: a new version becomes the newest; the old ones still unwrap. */
    public String rotate(String name) {
        if (!keys.containsKey(name)) {
            throw new IllegalArgumentException("no key " + name);
        }
        return createRsaKey(name);
    }

    /** Disables every version of the key. */
    public void disable(String name) {
        disabled.put(name, true);
    }

    public void enable(String name) {
        disabled.remove(name);
    }

    /** Authenticated requests per operation: {@code get}, {@code wrapkey}, {@code unwrapkey}. */
    public int count(String operation) {
        AtomicInteger count = counts.get(operation);
        return count == null ? 0 : count.get();
    }

    /** Every authenticated request as {@code METHOD path}, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** How many requests came without a bearer token and were answered with the 401 challenge. */
    public int challenges() {
        return challenges.get();
    }

    public List<String> apiVersions() {
        return List.copyOf(apiVersions);
    }

    /** Opens a wrapped value as the vault would, without counting it: lets a test see what was wrapped. */
    public byte[] unwrapForTest(String kid, byte[] wrapped) {
        Matcher matcher = KEY_PATH.matcher(java.net.URI.create(kid).getPath());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(kid);
        }
        try {
            return oaep(Cipher.DECRYPT_MODE, find(matcher.group(1), matcher.group(2)).keys().getPrivate(), wrapped);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() < 8) {
                // Key Vault's first answer to a client without a token: where to get one, and for which resource.
                challenges.incrementAndGet();
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/"
                        + TENANT + "\", resource=\"https://vault.azure.net\"");
                send(exchange, 401, error("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."));
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            String apiVersion = query == null ? null : Arrays.stream(query.split("&"))
                    .filter(p -> p.startsWith("api-version=")).map(p -> p.substring("api-version=".length()))
                    .findFirst().orElse(null);
            if (apiVersion == null) {
                send(exchange, 400, error("BadParameter", "The api-version query parameter is missing."));
                return;
            }
            apiVersions.add(apiVersion);
            Matcher matcher = KEY_PATH.matcher(exchange.getRequestURI().getPath());
            if (!matcher.matches()) {
                send(exchange, 404, error("NotFound", "No route for " + exchange.getRequestURI().getPath()));
                return;
            }
            String name = matcher.group(1);
            String version = matcher.group(2) == null || matcher.group(2).isEmpty() ? null : matcher.group(2);
            String action = matcher.group(3);
            String method = exchange.getRequestMethod();
            String operation = action != null ? action : "GET".equals(method) ? "get" : "unknown";
            counts.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
            requests.add(method + " " + exchange.getRequestURI().getPath());
            switch (operation) {
                case "get" -> get(exchange, name, version);
                case "wrapkey" -> crypt(exchange, name, version, body, Cipher.ENCRYPT_MODE);
                case "unwrapkey" -> crypt(exchange, name, version, body, Cipher.DECRYPT_MODE);
                default -> send(exchange, 405, error("BadParameter", "Method not allowed"));
            }
        } catch (RuntimeException | GeneralSecurityException e) {
            send(exchange, 500, error("InternalError", e.toString()));
        }
    }

    private void get(HttpExchange exchange, String name, String version) throws IOException {
        Version found = find(name, version);
        if (found == null) {
            send(exchange, 404, notFound(name));
            return;
        }
        if (disabled.containsKey(name)) {
            send(exchange, 403, forbidden("get"));
            return;
        }
        RSAPublicKey publicKey = (RSAPublicKey) found.keys().getPublic();
        ObjectNode bundle = JSON.createObjectNode();
        ObjectNode key = bundle.putObject("key");
        key.put("kid", kid(name, found));
        key.put("kty", "RSA");
        key.putArray("key_ops").add("encrypt").add("decrypt").add("sign").add("verify").add("wrapKey").add("unwrapKey");
        key.put("n", base64url(unsigned(publicKey.getModulus())));
        key.put("e", base64url(unsigned(publicKey.getPublicExponent())));
        ObjectNode attributes = bundle.putObject("attributes");
        attributes.put("enabled", true);
        attributes.put("created", found.created());
        attributes.put("updated", found.created());
        attributes.put("recoveryLevel", "Recoverable+Purgeable");
        attributes.put("recoverableDays", 90);
        send(exchange, 200, bundle.toString());
    }

    private void crypt(HttpExchange exchange, String name, String version, byte[] body, int mode)
            throws IOException, GeneralSecurityException {
        Version found = version == null ? null : find(name, version);
        if (found == null) {
            send(exchange, 404, notFound(name));
            return;
        }
        if (disabled.containsKey(name)) {
            send(exchange, 403, forbidden(mode == Cipher.ENCRYPT_MODE ? "wrapKey" : "unwrapKey"));
            return;
        }
        JsonNode request = JSON.readTree(body);
        if (!"RSA-OAEP-256".equals(request.path("alg").asString(""))) {
            send(exchange, 400, error("BadParameter", "The double supports RSA-OAEP-256 only, not "
                    + request.path("alg").asString("")));
            return;
        }
        byte[] value = Base64.getUrlDecoder().decode(request.path("value").asString(""));
        byte[] result;
        try {
            result = oaep(mode, mode == Cipher.ENCRYPT_MODE ? found.keys().getPublic() : found.keys().getPrivate(), value);
        } catch (GeneralSecurityException e) {
            send(exchange, 400, error("BadParameter", "Invalid ciphertext for this key."));
            return;
        }
        ObjectNode response = JSON.createObjectNode();
        response.put("kid", kid(name, found));
        response.put("value", base64url(result));
        send(exchange, 200, response.toString());
    }

    private Version find(String name, String version) {
        List<Version> versions = keys.get(name);
        if (versions == null || versions.isEmpty()) {
            return null;
        }
        if (version == null) {
            return versions.getLast();
        }
        return versions.stream().filter(v -> v.id().equals(version)).findFirst().orElse(null);
    }

    private String kid(String name, Version version) {
        return vaultUrl() + "/keys/" + name + "/" + version.id();
    }

    private static Version newVersion() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] id = new byte[16];
            new SecureRandom().nextBytes(id);
            return new Version(HexFormat.of().formatHex(id), generator.generateKeyPair(), Instant.now().getEpochSecond());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] oaep(int mode, java.security.Key key, byte[] input) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(mode, key, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                PSource.PSpecified.DEFAULT));
        return cipher.doFinal(input);
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 && bytes.length > 1 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String notFound(String name) {
        return error("KeyNotFound", "A key with (name/id) " + name + " was not found in this key vault.");
    }

    private static String forbidden(String operation) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", "Forbidden");
        error.put("message", "Operation " + operation + " is not allowed on a disabled key.");
        error.put("innererror", Map.of("code", "KeyDisabled"));
        return JSON.writeValueAsString(Map.of("error", error));
    }

    private static String error(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        return JSON.writeValueAsString(Map.of("error", error));
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
