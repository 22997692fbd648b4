package lv.pasvaldibas.monitor.report;

import java.util.List;
import java.util.Objects;

/**
 * One control of the regulation that concerns identity, access, logging or monitoring, and the
 * measures that are its evidence. {@code referenceConfirmed} is false while the paragraph has not been
 * checked against the regulation's published text: the report then says so instead of citing a number.
 */
public record Control(String id, String titleLv, String titleEn, String reference, boolean referenceConfirmed, List<Measure> evidence) {

    public Control {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(titleLv, "titleLv");
        Objects.requireNonNull(titleEn, "titleEn");
        Objects.requireNonNull(reference, "reference");
        evidence = List.copyOf(evidence);
        if (evidence.isEmpty()) {
            throw new IllegalArgumentException("control " + id + " names no measure as its evidence");
        }
    }
}
