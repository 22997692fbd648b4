package lv.pasvaldibas.monitor.detect;

import java.time.Instant;

/** Where an event is in the audit log: its stream and number there, and its time. */
public record EventRef(String stream, long seq, Instant time) {
}
