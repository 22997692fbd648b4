package lv.pasvaldibas.vpvkac.catalogue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.catalogue.InvalidCatalogueException.Reason;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads a service catalogue shaped like the public state service catalogue (latvija.gov.lv): a CSV file
 * (RFC 4180, UTF-8, a header row) or a JSON array of objects, both with the columns of
 * {@link CatalogueColumn}. Unknown columns are ignored. Channel ids in {@code kanali}:
 * {@code klatiene} (in person), {@code vpvkac_talrunis} (the centre's phone), {@code valsts_talrunis}
 * (the national phone line), {@code e_pasts} (e-mail), {@code e_pakalpojums} (assisted e-service); in
 * JSON either one string separated by semicolons or an array of strings.
 * <p>
 * A bad row is reported with its row number and reason and skipped whole: neither its service nor its
 * institution is taken. A row whose code another row already has, or that names a known institution
 * code differently, is bad. A file that cannot be read at all (larger than {@value #MAX_BYTES} bytes,
 * more than {@value #MAX_ROWS} rows, not UTF-8, not CSV or JSON, required columns missing) is refused
 * whole with {@link InvalidCatalogueException}. Row numbers are those a spreadsheet shows: the CSV
 * header is row 1; in JSON, the n-th object of the array is row n.
 */
public final class CatalogueImport {

    /** 5 MiB: the whole state catalogue (a few thousand services) is well under 2 MiB. */
    public static final int MAX_BYTES = 5 * 1024 * 1024;
    public static final int MAX_ROWS = 20_000;

    private static final Map<String, Channel> CHANNEL_IDS = Map.of(
            "klatiene", Channel.IN_PERSON,
            "vpvkac_talrunis", Channel.CENTRE_PHONE,
            "valsts_talrunis", Channel.NATIONAL_PHONE_LINE,
            "e_pasts", Channel.EMAIL,
            "e_pakalpojums", Channel.ASSISTED_E_SERVICE);
    private static final Pattern DAYS = Pattern.compile("[0-9]{1,4}");
    /** Long enough for any real value, short enough that an echoed value cannot flood a report. */
    private static final int MAX_ECHOED = 40;

    private static final CSVFormat CSV = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true)
            .setIgnoreHeaderCase(true).setTrim(true).setIgnoreEmptyLines(true)
            .setAllowMissingColumnNames(true).setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_EMPTY)
            .get();
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * What an import found.
     *
     * @param services     the good rows' services, in file order
     * @param institutions the institutions the good rows name, in order of first appearance
     * @param errors       the bad rows, in file order
     */
    public record Result(List<Service> services, List<Institution> institutions, List<RowError> errors) {

        public Result {
            services = List.copyOf(services);
            institutions = List.copyOf(institutions);
            errors = List.copyOf(errors);
        }
    }

    /** A row that was skipped, and why: render with {@code Messages.text(locale, reason(), arguments().toArray())}. */
    public record RowError(int row, Reason reason, List<Object> arguments) {

        public RowError {
            arguments = List.copyOf(arguments);
        }
    }

    private CatalogueImport() {
    }

    public static Result csv(InputStream in) {
        String text = utf8(in);
        Map<Integer, Map<CatalogueColumn, String>> rows = new LinkedHashMap<>();
        List<RowError> errors = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(text, CSV)) {
            List<String> missing = missingColumns(parser.getHeaderMap().keySet());
            if (!missing.isEmpty()) {
                throw new InvalidCatalogueException(Reason.MISSING_COLUMNS, "no column " + missing, String.join(", ", missing));
            }
            // where the next record begins: the line to name when it cannot be read
            long recordStart = parser.getCurrentLineNumber() + 1;
            try {
                for (CSVRecord record : parser) {
                    recordStart = parser.getCurrentLineNumber() + 1;
                    if (record.getRecordNumber() > MAX_ROWS) {
                        throw new InvalidCatalogueException(Reason.TOO_MANY_ROWS, "more than " + MAX_ROWS + " rows", MAX_ROWS);
                    }
                    // records are counted from 1 after the header, which is row 1 in a spreadsheet
                    int row = Math.toIntExact(record.getRecordNumber()) + 1;
                    if (!record.isConsistent()) {
                        errors.add(new RowError(row, Reason.COLUMN_COUNT, List.of()));
                        continue;
                    }
                    Map<CatalogueColumn, String> values = new EnumMap<>(CatalogueColumn.class);
                    for (CatalogueColumn column : CatalogueColumn.values()) {
                        if (record.isSet(column.header())) {
                            values.put(column, record.get(column.header()));
                        }
                    }
                    rows.put(row, values);
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                throw malformed(Math.toIntExact(recordStart), e);
            }
        } catch (IOException | IllegalArgumentException e) {
            // the header row itself is broken (a duplicate name, an unclosed quote)
            throw malformed(1, e);
        }
        return collect(rows, errors);
    }

    public static Result json(InputStream in) {
        String text = utf8(in);
        JsonNode array;
        try {
            array = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw malformed(e.getLocation() == null ? 1 : e.getLocation().getLineNr(), e);
        }
        if (array == null || !array.isArray()) {
            throw new InvalidCatalogueException(Reason.MALFORMED, "not a JSON array", 1);
        }
        if (array.size() > MAX_ROWS) {
            throw new InvalidCatalogueException(Reason.TOO_MANY_ROWS, "more than " + MAX_ROWS + " rows", MAX_ROWS);
        }
        Map<Integer, Map<CatalogueColumn, String>> rows = new LinkedHashMap<>();
        List<RowError> errors = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            int row = i + 1;
            try {
                rows.put(row, values(array.get(i)));
            } catch (InvalidCatalogueException e) {
                errors.add(new RowError(row, e.reason(), e.arguments()));
            }
        }
        return collect(rows, errors);
    }

    private static Map<CatalogueColumn, String> values(JsonNode object) {
        if (!object.isObject()) {
            throw new InvalidCatalogueException(Reason.NOT_AN_OBJECT, "an array element is not an object");
        }
        Map<CatalogueColumn, String> values = new EnumMap<>(CatalogueColumn.class);
        for (CatalogueColumn column : CatalogueColumn.values()) {
            JsonNode value = object.get(column.header());
            if (value == null || value.isNull()) {
                continue;
            }
            if (value.isTextual() || value.isIntegralNumber()) {
                values.put(column, value.asText());
            } else if (column == CatalogueColumn.CHANNELS && value.isArray() && allTextual(value)) {
                List<String> ids = new ArrayList<>();
                value.forEach(id -> ids.add(id.asText()));
                values.put(column, String.join(";", ids));
            } else {
                throw new InvalidCatalogueException(Reason.FIELD_TYPE, column.header() + " has the wrong type", column.header());
            }
        }
        return values;
    }

    private static boolean allTextual(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /** Turns rows into services and institutions, refusing duplicates; keeps the first of two rows with one code. */
    private static Result collect(Map<Integer, Map<CatalogueColumn, String>> rows, List<RowError> earlier) {
        List<Service> services = new ArrayList<>();
        Map<String, Integer> rowOfCode = new HashMap<>();
        Map<String, Institution> institutions = new LinkedHashMap<>();
        Map<String, Integer> rowOfInstitution = new HashMap<>();
        List<RowError> errors = new ArrayList<>(earlier);
        rows.forEach((row, values) -> {
            try {
                Service service = service(values);
                Institution institution = new Institution(values.get(CatalogueColumn.INSTITUTION_CODE), values.get(CatalogueColumn.INSTITUTION_NAME));
                // codes are compared as people read them: PMLP-001 and pmlp-001 are one code
                String code = service.code().toLowerCase(Locale.ROOT);
                String institutionCode = institution.code().toLowerCase(Locale.ROOT);
                if (rowOfCode.containsKey(code)) {
                    throw new InvalidCatalogueException(Reason.DUPLICATE_CODE, "code " + service.code() + " is taken",
                            service.code(), rowOfCode.get(code));
                }
                Institution known = institutions.get(institutionCode);
                if (known != null && !known.equals(institution)) {
                    throw new InvalidCatalogueException(Reason.INSTITUTION_CONFLICT, "institution " + institution.code() + " named differently",
                            institution.code(), rowOfInstitution.get(institutionCode));
                }
                services.add(service);
                rowOfCode.put(code, row);
                if (known == null) {
                    institutions.put(institutionCode, institution);
                    rowOfInstitution.put(institutionCode, row);
                }
            } catch (InvalidCatalogueException e) {
                errors.add(new RowError(row, e.reason(), e.arguments()));
            }
        });
        errors.sort((a, b) -> Integer.compare(a.row(), b.row()));
        return new Result(services, List.copyOf(institutions.values()), errors);
    }

    private static Service service(Map<CatalogueColumn, String> values) {
        String days = CatalogueFields.required(values.get(CatalogueColumn.DEADLINE_DAYS), CatalogueColumn.DEADLINE_DAYS);
        if (!DAYS.matcher(days).matches()) {
            throw new InvalidCatalogueException(Reason.DEADLINE, "a term of " + echo(days), 0, Service.MAX_DEADLINE_DAYS);
        }
        String kindId = CatalogueFields.required(values.get(CatalogueColumn.KIND), CatalogueColumn.KIND);
        ServiceKind kind = ServiceKind.fromCatalogueId(kindId)
                .orElseThrow(() -> new InvalidCatalogueException(Reason.KIND, "unknown kind " + echo(kindId), echo(kindId)));
        return new Service(values.get(CatalogueColumn.CODE), values.get(CatalogueColumn.NAME), values.get(CatalogueColumn.NAME_EN),
                values.get(CatalogueColumn.INSTITUTION_CODE), Integer.parseInt(days), channels(values.get(CatalogueColumn.CHANNELS)), kind);
    }

    private static Set<Channel> channels(String raw) {
        String ids = CatalogueFields.required(raw, CatalogueColumn.CHANNELS);
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        for (String id : ids.split(";")) {
            String trimmed = id.strip().toLowerCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            Channel channel = CHANNEL_IDS.get(trimmed);
            if (channel == null) {
                throw new InvalidCatalogueException(Reason.CHANNEL, "unknown channel " + echo(id), echo(id.strip()));
            }
            channels.add(channel);
        }
        return channels;
    }

    private static List<String> missingColumns(Set<String> headers) {
        Set<String> present = headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        for (CatalogueColumn column : CatalogueColumn.values()) {
            if (column.required() && !present.contains(column.header())) {
                missing.add(column.header());
            }
        }
        return missing;
    }

    /** The file as text: at most {@link #MAX_BYTES}, strict UTF-8, without the byte order mark spreadsheets write. */
    private static String utf8(InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the catalogue", e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidCatalogueException(Reason.TOO_LARGE, "larger than " + MAX_BYTES + " bytes", MAX_BYTES / (1024 * 1024));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidCatalogueException(Reason.ENCODING, "not UTF-8");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static InvalidCatalogueException malformed(int line, Exception cause) {
        InvalidCatalogueException refused = new InvalidCatalogueException(Reason.MALFORMED, "unreadable near line " + line, line);
        refused.initCause(cause);
        return refused;
    }

    private static String echo(String value) {
        return value.length() > MAX_ECHOED ? value.substring(0, MAX_ECHOED) + "…" : value;
    }
}
