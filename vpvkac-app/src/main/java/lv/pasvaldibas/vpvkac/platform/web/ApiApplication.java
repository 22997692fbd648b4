package lv.pasvaldibas.vpvkac.platform.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JSON API under {@code /api}; its resources live in their features' {@code .web} packages. */
@ApplicationPath("/api")
public class ApiApplication extends Application {
}
