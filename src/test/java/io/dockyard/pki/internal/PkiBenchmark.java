package io.dockyard.pki.internal;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariDataSource;
import io.dockyard.pki.CertificateKind;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.flywaydb.core.Flyway;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The harness behind {@code bench/pki} (see bench/pki.md): server certificates issued per second,
 * single-threaded, for ECDSA P-256 and RSA 3072 leaves, in two modes:
 * <ol>
 * <li>{@code keygen+sign}: leaf key generation, a server certificate with one DNS name and two IP
 * addresses signed by an ECDSA P-256 server CA, and the PEM of the certificate and the key;</li>
 * <li>{@code +record}: the same plus {@link CertificateRecords#record} — one insert per certificate in
 * autocommit into a real PostgreSQL 17 (zonky embedded), through a Hikari pool as in the service.</li>
 * </ol>
 * Each (mode, algorithm) pair gets an unmeasured warm-up, then a time-boxed measured loop. Not a test
 * (the name does not match surefire's includes); run it with {@code bench/pki}.
 *
 * <p>System properties: {@code pki.bench.seconds} (10, measured time per ECDSA run),
 * {@code pki.bench.rsa-seconds} (15, per RSA run), {@code pki.bench.warmup-seconds} (3, per run),
 * {@code pki.bench.durable} (false; true turns fsync and synchronous_commit on, as in production, where
 * the library's default turns both off).
 * Exit status: 0 when the targets are met, 3 when one is missed, 1 on an error.
 */
final class PkiBenchmark {

    private static final String ECDSA = "ecdsa-p256";
    private static final String RSA = "rsa-3072";
    private static final double TARGET_SIGN = 1000;
    private static final double TARGET_RECORD = 300;
    private static final Duration SERVER_TTL = Duration.ofDays(90);
    private static final List<InetAddress> ADDRESSES = List.of(address("10.20.30.40"), address("2001:db8::2a"));

    private final CertificateSigner.Issuer issuer;
    private final X509Certificate issuerCertificate;
    private final CertificateRecords records;
    private final long postmaster;
    private long sequence;
    private long sink;

    private PkiBenchmark(Authority serverCa, CertificateRecords records, long postmaster) {
        this.issuer = serverCa.issuer();
        this.issuerCertificate = serverCa.certificate();
        this.records = records;
        this.postmaster = postmaster;
    }

    public static void main(String[] args) {
        try {
            System.exit(run() ? 0 : 3);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static boolean run() throws Exception {
        quietLogging();
        double seconds = doubleProperty("pki.bench.seconds", 10);
        double rsaSeconds = doubleProperty("pki.bench.rsa-seconds", 15);
        double warmup = doubleProperty("pki.bench.warmup-seconds", 3);
        boolean durable = Boolean.getBoolean("pki.bench.durable");

        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (durable) {
            // The library starts PostgreSQL with -F and synchronous_commit=off; a production server
            // flushes the WAL at each commit.
            builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
        }
        try (EmbeddedPostgres postgres = builder.start(); HikariDataSource dataSource = pool(postgres)) {
            // Flyway wants a second connection for its lock; it gets the library's unpooled data source.
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load()
                    .migrate();
            JdbcClient jdbc = JdbcClient.create(dataSource);
            header(jdbc, seconds, rsaSeconds, warmup);

            PkiBenchmark bench = new PkiBenchmark(serverCa(), new CertificateRecords(jdbc), postmaster(jdbc));
            bench.check(jdbc);

            List<Result> results = new ArrayList<>();
            for (String algorithm : List.of(ECDSA, RSA)) {
                double measured = algorithm.equals(ECDSA) ? seconds : rsaSeconds;
                for (boolean record : List.of(false, true)) {
                    bench.loop(algorithm, record, warmup);
                    Result result = bench.loop(algorithm, record, measured);
                    results.add(result);
                    System.out.printf(Locale.ROOT, "  done: %-12s %-10s %6d certs in %.1f s%n", result.mode(),
                            algorithm, result.count(), result.seconds());
                }
            }
            long rows = jdbc.sql("select count(*) from pki_certificates").query(Long.class).single();
            System.out.println();
            return report(results, rows);
        }
    }

    /** The CA hierarchy as the service builds it: a P-384 root that signs a P-256 server CA. */
    private static Authority serverCa() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KeyPair rootKey = KeyPairs.rootKey();
        X500Name rootName = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Dockyard")
                .addRDN(BCStyle.CN, "Dockyard Root CA").build();
        CertificateSigner.Issuer rootIssuer = CertificateSigner.selfIssuer(rootName, rootKey);
        X509Certificate root = CertificateSigner.ca(rootName, rootKey.getPublic(), rootIssuer, 1, now,
                now.plus(Duration.ofDays(3650)), Serials.next());
        KeyPair caKey = KeyPairs.issuingCaKey();
        X500Name caName = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Dockyard")
                .addRDN(BCStyle.CN, "Dockyard Server CA").build();
        X509Certificate ca = CertificateSigner.ca(caName, caKey.getPublic(), rootIssuer, 0, now,
                now.plus(Duration.ofDays(1825)), Serials.next());
        try {
            ca.verify(root.getPublicKey());
        } catch (Exception e) {
            throw new IllegalStateException("server CA does not verify against the root", e);
        }
        return new Authority(UUID.randomUUID(), DefaultCertificateAuthority.SERVER_CA, null, 1, ca, caKey.getPrivate());
    }

    /** One certificate of each kind, checked, so that the loop measures working code. */
    private void check(JdbcClient jdbc) throws Exception {
        for (String algorithm : List.of(ECDSA, RSA)) {
            Issued issued = issue(algorithm);
            issued.certificate().verify(issuerCertificate.getPublicKey());
            if (issued.certificate().getSubjectAlternativeNames().size() != 1 + ADDRESSES.size()) {
                throw new IllegalStateException("unexpected SANs: " + issued.certificate().getSubjectAlternativeNames());
            }
            if (!Pem.certificate(issued.certificatePem()).equals(issued.certificate())) {
                throw new IllegalStateException("PEM round trip failed");
            }
            Pem.privateKey(issued.keyPem());
            records.record(issued.certificate(), CertificateKind.SERVER, issued.hostId(), "pki-bench");
            if (records.find(Serials.hex(issued.certificate().getSerialNumber())).isEmpty()) {
                throw new IllegalStateException("record not found after insert");
            }
        }
        jdbc.sql("delete from pki_certificates").update();
    }

    private record Issued(UUID hostId, Instant now, X509Certificate certificate, String certificatePem,
            String keyPem) {
    }

    private Issued issue(String algorithm) {
        KeyPair key = KeyPairs.leafKey(algorithm);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UUID hostId = UUID.randomUUID();
        String dns = "host-" + (++sequence) + ".hosts.dockyard.test";
        X509Certificate certificate = CertificateSigner.server(name(dns, hostId), key.getPublic(), issuer,
                List.of(dns), ADDRESSES, now, now.plus(SERVER_TTL), Serials.next());
        return new Issued(hostId, now, certificate, Pem.of(certificate), Pem.of(key.getPrivate()));
    }

    /** Issues certificates for {@code seconds} (at least one), timing each phase of each certificate. */
    private Result loop(String algorithm, boolean record, double seconds) {
        long[] latencies = new long[1024];
        long keygen = 0;
        long sign = 0;
        long pem = 0;
        long insert = 0;
        int count = 0;
        Cpu cpuBefore = Cpu.sample(postmaster);
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long end;
        do {
            long t0 = System.nanoTime();
            KeyPair key = KeyPairs.leafKey(algorithm);
            long t1 = System.nanoTime();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            UUID hostId = UUID.randomUUID();
            String dns = "host-" + (++sequence) + ".hosts.dockyard.test";
            X509Certificate certificate = CertificateSigner.server(name(dns, hostId), key.getPublic(), issuer,
                    List.of(dns), ADDRESSES, now, now.plus(SERVER_TTL), Serials.next());
            long t2 = System.nanoTime();
            sink += Pem.of(certificate).length() + Pem.of(key.getPrivate()).length();
            long t3 = System.nanoTime();
            if (record) {
                records.record(certificate, CertificateKind.SERVER, hostId, "pki-bench");
            }
            end = System.nanoTime();
            keygen += t1 - t0;
            sign += t2 - t1;
            pem += t3 - t2;
            insert += end - t3;
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = end - t0;
        } while (end < deadline);
        double elapsed = (end - start) / 1e9;
        Cpu cpu = Cpu.sample(postmaster).minus(cpuBefore);
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).sum() / (double) count / 1e6;
        double p99 = sorted[Math.min(count - 1, (int) Math.ceil(count * 0.99) - 1)] / 1e6;
        return new Result(record ? "+record" : "keygen+sign", algorithm, count, elapsed, count / elapsed, mean, p99,
                keygen / (double) count / 1e6, sign / (double) count / 1e6, pem / (double) count / 1e6,
                record ? insert / (double) count / 1e6 : Double.NaN, cpu.core(cpu.jvm()), cpu.core(cpu.postgres()),
                cpu.core(cpu.others()));
    }

    private record Result(String mode, String algorithm, int count, double seconds, double rate, double meanMs,
            double p99Ms, double keygenMs, double signMs, double pemMs, double recordMs, double jvmCpu,
            double postgresCpu, double otherCpu) {
    }

    /**
     * CPU ticks from /proc: the whole machine (busy and total, all cores), this JVM, and the embedded
     * PostgreSQL (the postmaster and its children: backends, WAL writer, checkpointer...).
     */
    private record Cpu(long machineBusy, long machineTotal, long jvm, long postgres) {

        static Cpu sample(long postmaster) {
            long[] machine = machine();
            long self = ticks(Path.of("/proc/self/stat"), -1);
            long postgres = 0;
            if (postmaster > 0) {
                try (var dirs = Files.list(Path.of("/proc"))) {
                    for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                        postgres += ticks(dir.resolve("stat"), postmaster);
                    }
                } catch (IOException e) {
                    postgres = 0;
                }
            }
            return new Cpu(machine[0], machine[1], self, postgres);
        }

        Cpu minus(Cpu before) {
            return new Cpu(machineBusy - before.machineBusy, machineTotal - before.machineTotal, jvm - before.jvm,
                    postgres - before.postgres);
        }

        long others() {
            return Math.max(0, machineBusy - jvm - postgres);
        }

        /** Ticks as a percentage of one core over the interval. */
        double core(long ticks) {
            int cores = Runtime.getRuntime().availableProcessors();
            return machineTotal <= 0 ? Double.NaN : ticks * 100.0 * cores / machineTotal;
        }

        /** {busy, total} ticks of all cores, from the first line of /proc/stat. */
        private static long[] machine() {
            String[] f = readFirstLine(Path.of("/proc/stat")).trim().split("\\s+");
            long busy = 0;
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                long v = Long.parseLong(f[i]);
                total += v;
                if (i != 4 && i != 5) {
                    busy += v;
                }
            }
            return new long[] {busy, total};
        }

        /** utime + stime of one process, or 0 when it is gone or (parent >= 0) neither it nor its child. */
        private static long ticks(Path stat, long parent) {
            String line = readFirstLine(stat);
            int close = line.lastIndexOf(')');
            if (close < 0) {
                return 0;
            }
            String[] f = line.substring(close + 2).split(" ");
            if (parent >= 0 && Long.parseLong(f[1]) != parent
                    && !stat.getParent().getFileName().toString().equals(Long.toString(parent))) {
                return 0;
            }
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
    }

    /** The pid of the embedded PostgreSQL's postmaster: the parent of our backend. */
    private static long postmaster(JdbcClient jdbc) {
        int backend = jdbc.sql("select pg_backend_pid()").query(Integer.class).single();
        String stat = readFirstLine(Path.of("/proc/" + backend + "/stat"));
        return stat.isEmpty() ? -1 : Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    }

    private static boolean report(List<Result> results, long rows) {
        System.out.println("mode         algorithm     certs  seconds   certs/s  mean ms   p99 ms"
                + "   cpu: jvm     pg  other (% of a core)");
        boolean busy = false;
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-12s %-10s %8d %8.2f %9.1f %8.3f %8.3f   %8.0f %6.0f %6.0f%s%n", r.mode(),
                    r.algorithm(), r.count(), r.seconds(), r.rate(), r.meanMs(), r.p99Ms(), r.jvmCpu(),
                    r.postgresCpu(), r.otherCpu(), r.otherCpu() > 25 ? "  BUSY" : "");
            busy |= r.otherCpu() > 25;
        }
        if (busy) {
            System.out.println("BUSY: other processes used more than 25 % of a core during that run;"
                    + " its figures are understated");
        }
        System.out.println();
        System.out.println("where the time goes (mean ms per certificate)");
        System.out.println("mode         algorithm     keygen     sign      pem   record");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-12s %-10s %8.3f %8.3f %8.3f %8s%n", r.mode(), r.algorithm(),
                    r.keygenMs(), r.signMs(), r.pemMs(),
                    Double.isNaN(r.recordMs()) ? "-" : String.format(Locale.ROOT, "%.3f", r.recordMs()));
        }
        System.out.println("(sign = subject, serial and CertificateSigner.server; pem = Pem.of(certificate) + Pem.of(key);"
                + " record = CertificateRecords.record, one autocommit insert)");
        System.out.println();

        Result ecdsaSign = find(results, "keygen+sign", ECDSA);
        Result ecdsaRecord = find(results, "+record", ECDSA);
        Result rsaSign = find(results, "keygen+sign", RSA);
        Result rsaRecord = find(results, "+record", RSA);
        System.out.printf(Locale.ROOT, "ratio ECDSA/RSA  keygen+sign: %.1fx   +record: %.1fx%n",
                ecdsaSign.rate() / rsaSign.rate(), ecdsaRecord.rate() / rsaRecord.rate());
        System.out.printf(Locale.ROOT, "rows in pki_certificates: %d (warm-up and measured +record runs)%n", rows);
        System.out.println();
        boolean signOk = ecdsaSign.rate() >= TARGET_SIGN;
        boolean recordOk = ecdsaRecord.rate() >= TARGET_RECORD;
        System.out.printf(Locale.ROOT, "target ECDSA keygen+sign >= %.0f/s: %.1f/s  %s%n", TARGET_SIGN,
                ecdsaSign.rate(), signOk ? "PASS" : "FAIL");
        System.out.printf(Locale.ROOT, "target ECDSA +record     >= %.0f/s: %.1f/s  %s%n", TARGET_RECORD,
                ecdsaRecord.rate(), recordOk ? "PASS" : "FAIL");
        System.out.println("load average after: " + loadAverage());
        return signOk && recordOk;
    }

    private static Result find(List<Result> results, String mode, String algorithm) {
        return results.stream().filter(r -> r.mode().equals(mode) && r.algorithm().equals(algorithm)).findFirst()
                .orElseThrow();
    }

    private static void header(JdbcClient jdbc, double seconds, double rsaSeconds, double warmup) {
        System.out.println("pki bench  " + ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        System.out.println("machine    " + hostName() + ", " + cpuModel() + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, " + memory() + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        System.out.println("java       " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")
                + ", heap max " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB, "
                + ManagementFactory.getGarbageCollectorMXBeans().getFirst().getName().replaceAll(" .*", "") + " GC");
        String version = jdbc.sql("show server_version").query(String.class).single();
        String sync = jdbc.sql("show synchronous_commit").query(String.class).single();
        String fsync = jdbc.sql("show fsync").query(String.class).single();
        System.out.println("postgres   " + version + " (zonky embedded, TCP to localhost), synchronous_commit="
                + sync + ", fsync=" + fsync + ", Hikari pool of 1");
        System.out.printf(Locale.ROOT, "runs       warm-up %.0f s, then measured %.0f s (ECDSA) / %.0f s (RSA);"
                + " single thread; server CA = ECDSA P-256 (root P-384)%n", warmup, seconds, rsaSeconds);
        System.out.println("load avg   " + loadAverage());
        System.out.println();
    }

    private static HikariDataSource pool(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPoolName("pki-bench");
        dataSource.setMaximumPoolSize(1);
        return dataSource;
    }

    private static X500Name name(String commonName, UUID hostId) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Dockyard")
                .addRDN(BCStyle.OU, "host " + hostId).addRDN(BCStyle.CN, commonName).build();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void quietLogging() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.WARN);
    }

    private static double doubleProperty(String name, double fallback) {
        String value = System.getProperty(name, "").trim();
        if (value.isEmpty()) {
            return fallback;
        }
        double parsed = Double.parseDouble(value);
        if (!(parsed > 0)) {
            throw new IllegalArgumentException(name + " must be > 0, not " + value);
        }
        return parsed;
    }

    private static String loadAverage() {
        return readFirstLine(Path.of("/proc/loadavg")).replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.replaceFirst("^[^:]*:\\s*", ""))
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memory() {
        try (var lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal:")).map(l -> l.replaceAll("\\D", ""))
                    .map(kb -> String.format(Locale.ROOT, "%.1f GiB RAM", Long.parseLong(kb) / 1048576.0))
                    .findFirst().orElse("? RAM");
        } catch (IOException e) {
            return "? RAM";
        }
    }

    private static String hostName() {
        String name = readFirstLine(Path.of("/proc/sys/kernel/hostname"));
        return name.isEmpty() ? "unknown host" : name;
    }

    private static String readFirstLine(Path path) {
        try {
            return Files.readAllLines(path).stream().findFirst().orElse("").trim();
        } catch (IOException e) {
            return "";
        }
    }
}
