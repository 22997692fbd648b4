package lv.pasvaldibas.vpvkac.catalogue;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.catalogue.InvalidCatalogueException.Reason;

/**
 * A state or municipal service from the catalogue: what a client can apply for at a VPVKAC.
 *
 * @param code                 the catalogue's code, unique; letters, digits, {@code ._-}
 * @param name                 in Latvian
 * @param nameEn               in English, or null when the catalogue has none
 * @param institutionCode      the institution that provides it
 * @param deadlineWorkingDays  its term in working days, 0 (the same day) to {@value #MAX_DEADLINE_DAYS}
 *                             ({@link lv.pasvaldibas.vpvkac.cases.Deadline})
 * @param channels             the channels it may be applied for through; at least one
 */
public record Service(String code, String name, String nameEn, String institutionCode, int deadlineWorkingDays,
                      Set<Channel> channels, ServiceKind kind) {

    public static final int MAX_DEADLINE_DAYS = 365;

    public Service {
        code = CatalogueFields.code(code, CatalogueColumn.CODE);
        name = CatalogueFields.name(name, CatalogueColumn.NAME);
        nameEn = CatalogueFields.name(nameEn, CatalogueColumn.NAME_EN);
        institutionCode = CatalogueFields.code(institutionCode, CatalogueColumn.INSTITUTION_CODE);
        if (deadlineWorkingDays < 0 || deadlineWorkingDays > MAX_DEADLINE_DAYS) {
            throw new InvalidCatalogueException(Reason.DEADLINE, "a term of " + deadlineWorkingDays + " days", 0, MAX_DEADLINE_DAYS);
        }
        if (channels == null || channels.isEmpty()) {
            throw new InvalidCatalogueException(Reason.FIELD_MISSING, "no channel", CatalogueColumn.CHANNELS.header());
        }
        channels = Collections.unmodifiableSet(EnumSet.copyOf(channels));
        if (kind == null) {
            throw new InvalidCatalogueException(Reason.FIELD_MISSING, "no kind", CatalogueColumn.KIND.header());
        }
    }
}
