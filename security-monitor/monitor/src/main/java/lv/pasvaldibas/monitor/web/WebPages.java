package lv.pasvaldibas.monitor.web;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.security.PublicKey;
import java.time.Clock;
import lv.pasvaldibas.monitor.postgres.MonthlyReports;
import lv.pasvaldibas.monitor.postgres.Watcher;
import lv.pasvaldibas.monitor.saml.ServiceProvider;
import lv.pasvaldibas.monitor.vertx.MonitorAudit;
import lv.pasvaldibas.monitor.vertx.MonitorSettings;

/** The security officers' pages on the monitor's router: sign-in and logout, then everything behind them. */
public final class WebPages {

    private WebPages() {
    }

    public static void register(Router router, Vertx vertx, Watcher.Connections monitorDb, Watcher.Connections auditDb, MonitorAudit audit,
                                ServiceProvider sp, MonitorSettings.SignIn signIn, boolean secureCookies, PublicKey checkpointKey) {
        Web web = new Web(vertx, monitorDb, auditDb, audit, secureCookies, signIn.sessionIdle());
        new SignInRoutes(web, sp, signIn.idpMetadataUrl(), signIn.sessionLifetime()).register(router);
        new ReviewRoutes(web, checkpointKey).register(router);
        new ReportRoutes(web, new MonthlyReports(auditDb, monitorDb, Clock.systemUTC())).register(router);
    }
}
