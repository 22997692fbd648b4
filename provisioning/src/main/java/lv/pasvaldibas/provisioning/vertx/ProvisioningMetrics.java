package lv.pasvaldibas.provisioning.vertx;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** The daemon's meters, served at {@code /metrics} in Prometheus' text format. Meters are made once and reused. */
final class ProvisioningMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Timer> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> jobs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> repairs = new ConcurrentHashMap<>();
    private final Timer passes;
    private final AtomicInteger hostsReachable = new AtomicInteger();
    private final AtomicInteger hostsUnreachable = new AtomicInteger();

    ProvisioningMetrics(LongSupplier auditSpooled) {
        passes = Timer.builder("provisioning.reconciliation.pass").description("One reconciliation pass over every host")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("provisioning.hosts", hostsReachable, AtomicInteger::get).tag("reachable", "true").register(registry);
        Gauge.builder("provisioning.hosts", hostsUnreachable, AtomicInteger::get).tag("reachable", "false").register(registry);
        Gauge.builder("provisioning.audit.spooled", auditSpooled::getAsLong)
                .description("Audit records waiting in the local spool for the audit database").register(registry);
    }

    void request(String operation, int status, Duration took) {
        requests.computeIfAbsent(operation + "|" + status, k -> Timer.builder("provisioning.api.requests")
                .tag("operation", operation).tag("status", String.valueOf(status))
                .publishPercentiles(0.5, 0.99).register(registry)).record(took);
    }

    void job(String kind, String outcome, Duration took) {
        jobs.computeIfAbsent(kind + "|" + outcome, k -> Timer.builder("provisioning.jobs")
                .tag("kind", kind).tag("outcome", outcome).register(registry)).record(took);
    }

    void repair(String repair) {
        repairs.computeIfAbsent(repair, k -> Counter.builder("provisioning.repairs").tag("repair", repair)
                .description("Drift found by reconciliation and repaired").register(registry)).increment();
    }

    void reconciliationPass(Duration took) {
        passes.record(took);
    }

    void hosts(int reachable, int unreachable) {
        hostsReachable.set(reachable);
        hostsUnreachable.set(unreachable);
    }

    String scrape() {
        return registry.scrape();
    }
}
