package lv.pasvaldibas.vpvkac.catalogue;

/**
 * An institution that provides services: a state authority (PMLP, VID) or a municipal one (a registry
 * office, a social service, a building authority).
 *
 * @param code e.g. {@code PMLP}; letters, digits, {@code ._-}, at most {@value CatalogueFields#MAX_CODE}
 * @param name in Latvian, at most {@value CatalogueFields#MAX_NAME} characters
 */
public record Institution(String code, String name) {

    public Institution {
        code = CatalogueFields.code(code, CatalogueColumn.INSTITUTION_CODE);
        name = CatalogueFields.name(name, CatalogueColumn.INSTITUTION_NAME);
    }
}
