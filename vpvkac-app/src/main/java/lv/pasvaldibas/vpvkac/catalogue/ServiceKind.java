package lv.pasvaldibas.vpvkac.catalogue;

import java.util.Locale;
import java.util.Optional;
import lv.pasvaldibas.vpvkac.i18n.MessageKey;

/** Whose service it is; a VPVKAC serves both. */
public enum ServiceKind implements MessageKey {
    STATE("valsts"),
    MUNICIPAL("pasvaldibas");

    /** The word in the catalogue's {@code veids} column. */
    private final String catalogueId;

    ServiceKind(String catalogueId) {
        this.catalogueId = catalogueId;
    }

    /** The kind a {@code veids} value names, in any letter case. */
    public static Optional<ServiceKind> fromCatalogueId(String id) {
        for (ServiceKind kind : values()) {
            if (kind.catalogueId.equals(id.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    @Override
    public String key() {
        return "service.kind." + name();
    }
}
