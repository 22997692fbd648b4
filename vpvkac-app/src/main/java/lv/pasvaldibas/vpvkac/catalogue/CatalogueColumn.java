package lv.pasvaldibas.vpvkac.catalogue;

/**
 * The fields of a catalogue entry, named as the public state service catalogue (latvija.gov.lv) names
 * its columns: CSV headers and JSON keys both, and the field names in refusals.
 */
public enum CatalogueColumn {
    CODE("kods", true),
    NAME("nosaukums", true),
    NAME_EN("nosaukums_en", false),
    INSTITUTION_CODE("iestades_kods", true),
    INSTITUTION_NAME("iestade", true),
    DEADLINE_DAYS("termins_dienas", true),
    /** Channel ids separated by semicolons ({@link CatalogueImport} lists them). */
    CHANNELS("kanali", true),
    /** {@code valsts} or {@code pasvaldibas}. */
    KIND("veids", true);

    private final String header;
    private final boolean required;

    CatalogueColumn(String header, boolean required) {
        this.header = header;
        this.required = required;
    }

    /** The CSV header and JSON key. */
    public String header() {
        return header;
    }

    /** True when a CSV file must have the column (a row may still leave an optional one empty). */
    public boolean required() {
        return required;
    }
}
