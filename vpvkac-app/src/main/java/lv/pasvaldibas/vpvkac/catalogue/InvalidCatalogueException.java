package lv.pasvaldibas.vpvkac.catalogue;

import lv.pasvaldibas.vpvkac.i18n.MessageKey;
import lv.pasvaldibas.vpvkac.i18n.RefusalException;

/**
 * A catalogue entry or a catalogue file the rules refuse. A whole file is refused (thrown by
 * {@link CatalogueImport}) when it cannot be read at all; a bad entry is refused on its own, and an
 * import reports it as a {@link CatalogueImport.RowError} and goes on.
 */
public final class InvalidCatalogueException extends RefusalException {

    public enum Reason implements MessageKey.Prefixed {
        // the whole file
        /** argument: the largest size in MiB */
        TOO_LARGE,
        /** argument: the most rows */
        TOO_MANY_ROWS,
        ENCODING,
        /** argument: the line where reading stopped */
        MALFORMED,
        /** argument: the missing headers, comma-separated */
        MISSING_COLUMNS,
        // one entry
        /** argument: the column */
        FIELD_MISSING,
        /** arguments: the column, the longest value allowed */
        FIELD_TOO_LONG,
        /** argument: the column */
        FIELD_CHARACTERS,
        /** argument: the column */
        FIELD_TYPE,
        /** argument: the column */
        CODE,
        /** arguments: the shortest and the longest term in days */
        DEADLINE,
        /** argument: the unknown channel id */
        CHANNEL,
        /** argument: the unknown kind */
        KIND,
        /** the CSV row has more or fewer cells than the header */
        COLUMN_COUNT,
        /** a JSON array element that is not an object */
        NOT_AN_OBJECT,
        /** arguments: the code, the row that has it first */
        DUPLICATE_CODE,
        /** arguments: the institution code, the row that named it first */
        INSTITUTION_CONFLICT;

        @Override
        public String prefix() {
            return "catalogue";
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
