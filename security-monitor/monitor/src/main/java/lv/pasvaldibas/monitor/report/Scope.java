package lv.pasvaldibas.monitor.report;

import java.util.Optional;

/**
 * Whose records a report counts: the whole platform, or one municipality (a municipal security officer
 * sees the records whose actor belongs to that municipality, its alerts, and the trusts it is a party to).
 */
public record Scope(Optional<String> municipality) {

    public static Scope platform() {
        return new Scope(Optional.empty());
    }

    public static Scope municipality(String code) {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("a municipality's code is required");
        }
        return new Scope(Optional.of(code));
    }

    public boolean wholePlatform() {
        return municipality.isEmpty();
    }

    @Override
    public String toString() {
        return municipality.orElse("platform");
    }
}
