package lv.pasvaldibas.monitor.alert;

import java.time.Instant;
import java.util.Optional;
import lv.pasvaldibas.monitor.detect.Detection;

/**
 * Whether a detection raises a new alert or adds to one already there (de-duplication and
 * suppression): it adds to the latest alert of the same finding while that is open or acknowledged,
 * and for the rule's suppression after that alert was raised, even once closed. Otherwise it raises
 * a new one, which is delivered.
 */
public final class AlertPolicy {

    private AlertPolicy() {
    }

    public sealed interface Decision {
        Alert alert();

        /** A new alert: store it and deliver it. */
        record Raise(Alert alert) implements Decision {
        }

        /** The latest alert of the finding with this detection added: store it, deliver nothing. */
        record Merge(Alert alert) implements Decision {
        }
    }

    public static Decision decide(Optional<Alert> latest, Detection detection, Instant now) {
        if (latest.isPresent()) {
            Alert a = latest.get();
            boolean suppressed = detection.last().isBefore(a.raisedAt().plus(detection.rule().suppression()))
                    || now.isBefore(a.raisedAt().plus(detection.rule().suppression()));
            if (a.state() != Alert.State.CLOSED || suppressed) {
                return new Decision.Merge(a.with(detection));
            }
        }
        return new Decision.Raise(Alert.raise(detection, now));
    }
}
