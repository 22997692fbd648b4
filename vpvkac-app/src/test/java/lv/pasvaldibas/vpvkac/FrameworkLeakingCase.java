package lv.pasvaldibas.vpvkac;

import java.sql.Timestamp;
import java.time.Instant;

/** Breaks the plain-core rule on purpose, so that {@link PlainCoreTest} shows the rule can fail. */
final class FrameworkLeakingCase {

    private FrameworkLeakingCase() {
    }

    static Instant receivedAt(Timestamp column) {
        return column.toInstant();
    }
}
