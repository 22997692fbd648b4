package lv.pasvaldibas.monitor.vertx;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The monitor's own metrics at {@code /metrics} (Prometheus). */
final class MonitorMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer pass = Timer.builder("monitor.pass").description("One read of the audit log and the detection over it")
            .register(registry);
    private final Counter records = Counter.builder("monitor.records").description("Audit records the rules have seen").register(registry);
    private final AtomicLong lagMillis = new AtomicLong();

    MonitorMetrics() {
        registry.gauge("monitor.lag.seconds", lagMillis, v -> v.get() / 1000.0);
    }

    void pass(Duration took, int read) {
        pass.record(took);
        records.increment(read);
    }

    void lag(Duration behind) {
        lagMillis.set(behind.toMillis());
    }

    void raised(String rule) {
        Counter.builder("monitor.alerts.raised").tag("rule", rule).description("Alerts raised").register(registry).increment();
    }

    void delivery(String channel, boolean delivered) {
        Counter.builder("monitor.deliveries").tag("channel", channel).tag("outcome", delivered ? "delivered" : "failed")
                .description("Alert deliveries tried").register(registry).increment();
    }

    String scrape() {
        return registry.scrape();
    }
}
