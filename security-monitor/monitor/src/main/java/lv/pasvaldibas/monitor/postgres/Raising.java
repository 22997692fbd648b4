package lv.pasvaldibas.monitor.postgres;

import java.util.List;
import java.util.function.Consumer;
import lv.pasvaldibas.monitor.alert.Alert;

/**
 * What becomes of a raised alert: delivered on {@code channels} (the outbox, in the same transaction),
 * and shown to {@code journal} before that transaction commits, which writes it to the audit log and
 * returns only when the record is durable (throwing otherwise, which rolls the alert back to be raised
 * again by the next pass): no alert exists without its audit record.
 */
public record Raising(List<String> channels, Consumer<List<Alert>> journal) {

    /** Delivered nowhere and written nowhere: for tests and the benchmark. */
    public static final Raising SILENT = new Raising(List.of(), alerts -> { });

    public Raising {
        channels = List.copyOf(channels);
    }
}
