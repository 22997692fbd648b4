package lv.pasvaldibas.provisioning.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import lv.pasvaldibas.provisioning.it.ProvisioningEnvironment;
import lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.Answer;
import lv.pasvaldibas.testsupport.ProvisioningDaemon;
import org.libvirt.Connect;
import org.libvirt.Domain;

/**
 * Issue 13, acceptance 6 (docs/benchmarks.md): on 4 hosts (libvirtd serving libvirt's test hypervisor)
 * and 10 municipalities, {@code -Dbench.servers} (1,000) servers are created through the API by 8
 * clients at once, in {@code -Dbench.repeats} (3) slices, each slice followed by the same steps as
 * bare libvirt-java calls (a volume, define, start; {@code -Dbench.anchor} domains, 100) on the same
 * hosts, and by {@code -Dbench.alone} (30) creates one at a time (the job without a queue before it). Printed: API create answer p50/p99, the daemon's create-to-running (job requested to job
 * finished, the daemon's own timestamps) against the bare calls' p50/p99, list p50/p99 with the
 * 1,000 servers in place (one municipality's first page, and every page for a platform operator),
 * and a cold daemon's first full reconciliation pass over the 1,000 domains (from process start,
 * and the pass alone, from its log). Run alone: {@code bin/platform bench provisioning}.
 */
public final class ProvisioningBenchmark {

    private static final int SERVERS = Integer.getInteger("bench.servers", 1000);
    private static final int REPEATS = Integer.getInteger("bench.repeats", 3);
    private static final int ANCHOR = Integer.getInteger("bench.anchor", 100);
    private static final int ALONE = Integer.getInteger("bench.alone", 30);
    private static final int MUNICIPALITIES = 10;
    private static final int HOSTS = 4;
    private static final int CLIENTS = 8;

    private ProvisioningBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of("target", "bench-provisioning").toAbsolutePath();
        deleteRecursively(work);
        int status = 0;
        try (ProvisioningEnvironment env = ProvisioningEnvironment.startIn(work, HOSTS)) {
            run(env);
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void run(ProvisioningEnvironment env) throws Exception {
        List<String> tokens = env.loadMunicipalities(MUNICIPALITIES,
                Map.of("vcpus", 100000, "memoryMib", 1_000_000_000L, "diskGib", 10_000_000L, "servers", 10000));
        List<Double> answers = Collections.synchronizedList(new ArrayList<>());
        List<Double> toRunning = Collections.synchronizedList(new ArrayList<>());
        List<Double> bare = new ArrayList<>();
        List<Double> alone = new ArrayList<>();
        int perRepeat = SERVERS / REPEATS;
        int made = 0;
        for (int r = 0; r < REPEATS; r++) {
            int count = r == REPEATS - 1 ? SERVERS - made : perRepeat;
            List<Double> sliceRunning = create(env, tokens, made, count, answers);
            toRunning.addAll(sliceRunning);
            made += count;
            List<Double> sliceAlone = alone(env, tokens.get(r % MUNICIPALITIES), r);
            alone.addAll(sliceAlone);
            List<Double> sliceBare = bareLibvirt(env, ANCHOR);
            bare.addAll(sliceBare);
            System.out.printf("repeat %d: %d servers, create-to-running p50 %.1f ms (one at a time: %.1f ms); bare libvirt-java p50 %.1f ms%n",
                    r + 1, count, percentile(sliceRunning, 50), percentile(sliceAlone, 50), percentile(sliceBare, 50));
        }
        List<Double> listOne = new ArrayList<>();
        List<Double> listAll = new ArrayList<>();
        String operator = env.token(ProvisioningEnvironment.PLATFORM_OPERATOR);
        for (int i = 0; i < 200; i++) {
            long t = System.nanoTime();
            Answer page = env.call(tokens.get(i % MUNICIPALITIES), "GET", "/api/v1/servers?limit=50", null);
            listOne.add(ms(t));
            check(page, 200);
        }
        int pages = 0;
        for (int i = 0; i < 10; i++) {
            String cursor = null;
            do {
                long t = System.nanoTime();
                Answer page = env.call(operator, "GET", "/api/v1/servers?limit=50" + (cursor == null ? "" : "&cursor=" + cursor), null);
                listAll.add(ms(t));
                check(page, 200);
                cursor = page.body().get("next").isNull() ? null : page.body().get("next").asText();
                pages++;
            } while (cursor != null);
        }
        double[] cold = coldReconciliation(env);

        System.out.println();
        System.out.printf("| measure (%d servers, %d municipalities, %d hosts) | p50 ms | p99 ms | n |%n", SERVERS, MUNICIPALITIES, HOSTS);
        System.out.println("|---|---|---|---|");
        row("API create: request to 202", answers);
        row("daemon: create to running (job requested to finished)", toRunning);
        row("daemon: create to running, one create at a time", alone);
        row("bare libvirt-java: volume, define, start", bare);
        row("API list: a municipality's first page of 50", listOne);
        row("API list: a platform operator's pages of 50 (" + pages / 10 + " per sweep)", listAll);
        System.out.printf("%nratio create-to-running / bare, p50: %.2f; p99: %.2f (one at a time: p50 %.2f, p99 %.2f)%n",
                percentile(toRunning, 50) / percentile(bare, 50), percentile(toRunning, 99) / percentile(bare, 99),
                percentile(alone, 50) / percentile(bare, 50), percentile(alone, 99) / percentile(bare, 99));
        System.out.printf("cold daemon: first reconciliation pass over %d domains done %.1f s after its process started; the pass itself %.0f ms%n",
                SERVERS, cold[0], cold[1]);
    }

    /** Creates {@code count} servers, 8 clients at once, spread over the municipalities; returns each one's create-to-running time. */
    private static List<Double> create(ProvisioningEnvironment env, List<String> tokens, int from, int count, List<Double> answers)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<String[]>> accepted = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            int n = i;
            accepted.add(pool.submit(() -> {
                String token = tokens.get(n % MUNICIPALITIES);
                long t = System.nanoTime();
                Answer a = env.call(token, "POST", "/api/v1/servers", Map.of("name", "b-" + n, "template", n % 2 == 0 ? "small" : "medium"));
                answers.add(ms(t));
                check(a, 202);
                return new String[] {token, a.body().get("job").get("id").asText()};
            }));
        }
        List<Double> running = new ArrayList<>();
        try {
            for (Future<String[]> f : accepted) {
                String[] job = f.get();
                JsonNode done = env.finished(job[0], job[1]);
                if (!done.get("state").asText().equals("SUCCEEDED")) {
                    throw new IllegalStateException("job failed: " + done);
                }
                running.add(Duration.between(Instant.parse(done.get("requestedAt").asText()), Instant.parse(done.get("finishedAt").asText()))
                        .toNanos() / 1e6);
            }
        } finally {
            pool.shutdownNow();
        }
        return running;
    }

    /** {@code ALONE} creates one after the other (each waits for the last to run): the job's own time, without a queue. */
    private static List<Double> alone(ProvisioningEnvironment env, String token, int repeat) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < ALONE; i++) {
            Answer a = env.call(token, "POST", "/api/v1/servers", Map.of("name", "alone-" + repeat + "-" + i, "template", "small"));
            check(a, 202);
            JsonNode done = env.finished(token, a.body().get("job").get("id").asText());
            times.add(Duration.between(Instant.parse(done.get("requestedAt").asText()), Instant.parse(done.get("finishedAt").asText()))
                    .toNanos() / 1e6);
        }
        return times;
    }

    /** The same steps as the daemon's create, as bare libvirt-java calls on the same hosts, one connection per host. */
    private static List<Double> bareLibvirt(ProvisioningEnvironment env, int count) throws Exception {
        List<Connect> connections = new ArrayList<>();
        for (int h = 0; h < HOSTS; h++) {
            connections.add(new Connect(env.hosts().uri(h)));
        }
        List<Double> times = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Connect c = connections.get(i % HOSTS);
            String name = "anchor-" + UUID.randomUUID();
            long t = System.nanoTime();
            var volume = c.storagePoolLookupByName("default-pool").storageVolCreateXML("<volume><name>" + name
                    + ".qcow2</name><capacity unit='GiB'>20</capacity><allocation>0</allocation><target><format type='qcow2'/></target></volume>", 0);
            Domain d = c.domainDefineXML("<domain type='test'><name>" + name + "</name><uuid>" + UUID.randomUUID() + "</uuid>"
                    + "<memory unit='MiB'>2048</memory><currentMemory unit='MiB'>2048</currentMemory><vcpu>1</vcpu>"
                    + "<os><type>hvm</type><boot dev='hd'/></os><devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                    + "<source file='" + volume.getPath() + "'/><target dev='vda' bus='virtio'/></disk></devices></domain>");
            d.create();
            c.domainLookupByName(name).getInfo();
            times.add(ms(t));
            names.add(name);
        }
        for (int i = 0; i < names.size(); i++) {
            Connect c = connections.get(i % HOSTS);
            Domain d = c.domainLookupByName(names.get(i));
            d.destroy();
            d.undefine();
            c.storagePoolLookupByName("default-pool").storageVolLookupByName(names.get(i) + ".qcow2").delete(0);
        }
        for (Connect c : connections) {
            c.close();
        }
        return times;
    }

    /** A new daemon (cold JVM) on the same database and hosts: seconds from its start to its first pass's end, and the pass in ms. */
    private static double[] coldReconciliation(ProvisioningEnvironment env) throws Exception {
        Path dir = env.workDir().resolve("daemon-cold");
        long start = System.nanoTime();
        try (ProvisioningDaemon cold = env.daemon("prov-cold").start(dir)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < deadline) {
                for (String line : Files.readAllLines(cold.process().logFile(), StandardCharsets.UTF_8)) {
                    int at = line.indexOf("Reconciliation pass over " + HOSTS + " hosts (" + HOSTS + " reached) in ");
                    if (at >= 0) {
                        String ms = line.substring(line.lastIndexOf(" in ") + 4, line.lastIndexOf(" ms"));
                        return new double[] {(System.nanoTime() - start) / 1e9, Double.parseDouble(ms)};
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the cold daemon did not finish a reconciliation pass within 3 minutes");
    }

    private static void check(Answer a, int status) {
        if (a.status() != status) {
            throw new IllegalStateException("expected " + status + ": " + a.status() + " " + a.raw());
        }
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static void row(String what, List<Double> values) {
        System.out.printf("| %s | %.1f | %.1f | %d |%n", what, percentile(values, 50), percentile(values, 99), values.size());
    }

    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static void deleteRecursively(Path dir) throws Exception {
        lv.pasvaldibas.testsupport.SharedEnvironmentExtension.deleteRecursively(dir);
    }
}
