package lv.pasvaldibas.provisioning;

/** A core class as it must not be written, to show that {@link PlainCoreTest}'s rule catches it. */
final class FrameworkLeakingQuota {

    io.vertx.core.json.JsonObject asJson() {
        return new io.vertx.core.json.JsonObject();
    }
}
