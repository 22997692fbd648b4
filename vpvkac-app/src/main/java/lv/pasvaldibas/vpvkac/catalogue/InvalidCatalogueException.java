package lv.pasvaldibas.vpvkac.catalogue;

import lv.pasvaldibas.vpvkac.i18n.MessageKey;
import lv.pasvaldibas.vpvkac.i18n.RefusalException;

/**
 * A catalogue entry or a catalogue file the rules refuse. A whole file is refused (thrown by
 * {@link CatalogueImport}) when it cannot be read at all; a bad entry is refused on its own, and an
 * import reports it as a {@link CatalogueImport.RowError} and goes on.
 */
public final class InvalidCatalogueException extends RefusalException {

    public enum Reason implements MessageKey {
        // the whole file
        /** argument: the largest size in MiB */
        TOO_LARGE("catalogue.tooLarge"),
        /** argument: the most rows */
        TOO_MANY_ROWS("catalogue.tooManyRows"),
        ENCODING("catalogue.encoding"),
        /** argument: the line where reading stopped */
        MALFORMED("catalogue.malformed"),
        /** argument: the missing headers, comma-separated */
        MISSING_COLUMNS("catalogue.missingColumns"),
        // one entry
        /** argument: the column */
        FIELD_MISSING("catalogue.fieldMissing"),
        /** arguments: the column, the longest value allowed */
        FIELD_TOO_LONG("catalogue.fieldTooLong"),
        /** argument: the column */
        FIELD_CHARACTERS("catalogue.fieldCharacters"),
        /** argument: the column */
        FIELD_TYPE("catalogue.fieldType"),
        /** argument: the column */
        CODE("catalogue.code"),
        /** arguments: the shortest and the longest term in days */
        DEADLINE("catalogue.deadline"),
        /** argument: the unknown channel id */
        CHANNEL("catalogue.channel"),
        /** argument: the unknown kind */
        KIND("catalogue.kind"),
        /** the CSV row has more or fewer cells than the header */
        COLUMN_COUNT("catalogue.columnCount"),
        /** a JSON array element that is not an object */
        NOT_AN_OBJECT("catalogue.notAnObject"),
        /** arguments: the code, the row that has it first */
        DUPLICATE_CODE("catalogue.duplicateCode"),
        /** arguments: the institution code, the row that named it first */
        INSTITUTION_CONFLICT("catalogue.institutionConflict");

        private final String key;

        Reason(String key) {
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    public InvalidCatalogueException(Reason reason, String message, Object... arguments) {
        super(reason, "Catalogue refused: " + message, arguments);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
