package lv.pasvaldibas.monitor.vertx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.sql.Connection;
import java.util.List;
import lv.pasvaldibas.monitor.alert.AlertMessage;
import lv.pasvaldibas.monitor.alert.WebhookSignature;
import lv.pasvaldibas.monitor.postgres.AlertStore;
import lv.pasvaldibas.monitor.postgres.Watcher;

/**
 * Sends the outbox: each raised alert by e-mail and to the webhook, retried with growing pauses (up
 * to 5 minutes) until it goes through, so an alert raised while the mail server is down arrives when
 * it is back. A delivery is marked done only after the server took it; one sent twice (a crash between
 * sending and marking) is possible, one never sent is not.
 */
final class Deliveries {

    private static final System.Logger LOG = System.getLogger(Deliveries.class.getName());
    private static final int BATCH = 50;

    private final Vertx vertx;
    private final MonitorSettings settings;
    private final Watcher.Connections monitor;
    private final MonitorMetrics metrics;
    private final MonitorAudit audit;
    private final MailClient mail;
    private final WebClient web;
    private boolean sending;

    Deliveries(Vertx vertx, MonitorSettings settings, Watcher.Connections monitor, MonitorMetrics metrics, MonitorAudit audit) {
        this.audit = audit;
        this.vertx = vertx;
        this.settings = settings;
        this.monitor = monitor;
        this.metrics = metrics;
        this.mail = settings.smtpHost() == null ? null : MailClient.createShared(vertx, new MailConfig().setHostname(settings.smtpHost())
                .setPort(settings.smtpPort()).setStarttls(StartTLSOptions.OPTIONAL).setConnectTimeout(5000), "monitor-mail");
        this.web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5000).setIdleTimeout(10));
    }

    /** Sends what is due (on the event loop; the database is read on a worker). */
    void sendDue() {
        if (sending) {
            return;
        }
        sending = true;
        vertx.executeBlocking(() -> {
            try (Connection c = monitor.open()) {
                return AlertStore.due(c, BATCH);
            }
        }, false).compose(due -> Future.join(due.stream().map(this::send).toList())).onComplete(done -> {
            sending = false;
            if (done.failed()) {
                LOG.log(System.Logger.Level.WARNING, "Deliveries not read: " + done.cause().getMessage());
            }
        });
    }

    private Future<Void> send(AlertStore.Delivery d) {
        Future<Void> sent = switch (d.channel()) {
            case "mail" -> mail == null ? Future.failedFuture("no SMTP server is set") : mail.sendMail(new MailMessage()
                    .setFrom(settings.mailFrom()).setTo(settings.mailTo()).setSubject(AlertMessage.subject(d.alert()))
                    .setText(AlertMessage.text(d.alert(), settings.pageUrl()))).mapEmpty();
            case "webhook" -> webhook(d);
            default -> Future.failedFuture("unknown channel " + d.channel());
        };
        return sent.transform(result -> vertx.executeBlocking(() -> {
            try (Connection c = monitor.open()) {
                if (result.succeeded()) {
                    AlertStore.delivered(c, d.id());
                } else {
                    String error = result.cause() == null ? "failed" : String.valueOf(result.cause().getMessage());
                    AlertStore.failed(c, d.id(), error, Math.min(300, 1L << Math.min(d.attempts() + 1, 9)));
                    LOG.log(System.Logger.Level.WARNING, "Alert " + d.alert().id() + " not delivered by " + d.channel() + " (try "
                            + (d.attempts() + 1) + "): " + error);
                }
            }
            metrics.delivery(d.channel(), result.succeeded());
            return null;
        }, false).compose(v -> Future.fromCompletionStage(audit.delivery(d.alert(), d.channel(), result.succeeded()))));
    }

    private Future<Void> webhook(AlertStore.Delivery d) {
        String body = new JsonObject(AlertMessage.payload(d.alert())).encode();
        long timestamp = System.currentTimeMillis() / 1000;
        return web.postAbs(settings.webhookUrl()).timeout(10_000).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .putHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(settings.webhookSecret(), timestamp, body))
                .sendBuffer(Buffer.buffer(body))
                .compose(r -> r.statusCode() / 100 == 2 ? Future.<Void>succeededFuture() : Future.failedFuture("the webhook answered " + r.statusCode()));
    }
}
