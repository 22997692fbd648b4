package lv.pasvaldibas.vpvkac.quality.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * A report table as a download: CSV (UTF-8 with a byte-order mark, so that spreadsheet programs read
 * ā č ē … right) or XLSX (Apache POI's streaming workbook). Numbers stay numbers in XLSX; an empty
 * (suppressed or absent) cell stays empty in both.
 */
final class TableExport {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private TableExport() {
    }

    static Response csv(String fileName, List<String> headers, List<List<Object>> rows) {
        StreamingOutput body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writer.write('\ufeff');
            try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(headers.toArray(String[]::new)).get())) {
                for (List<Object> row : rows) {
                    csv.printRecord(row.stream().map(value -> value == null ? "" : value).toList());
                }
            }
        };
        return download(body, new MediaType("text", "csv", "UTF-8"), fileName + ".csv");
    }

    static Response xlsx(String fileName, String sheetName, List<String> headers, List<List<Object>> rows) {
        StreamingOutput body = out -> {
            try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
                Sheet sheet = workbook.createSheet(sheetName);
                Row header = sheet.createRow(0);
                for (int c = 0; c < headers.size(); c++) {
                    header.createCell(c).setCellValue(headers.get(c));
                }
                for (int r = 0; r < rows.size(); r++) {
                    Row row = sheet.createRow(r + 1);
                    List<Object> values = rows.get(r);
                    for (int c = 0; c < values.size(); c++) {
                        Object value = values.get(c);
                        if (value == null) {
                            continue;
                        }
                        Cell cell = row.createCell(c);
                        if (value instanceof Number number) {
                            cell.setCellValue(number.doubleValue());
                        } else {
                            cell.setCellValue(value.toString());
                        }
                    }
                }
                workbook.write(out);
            }
        };
        return download(body, MediaType.valueOf(XLSX), fileName + ".xlsx");
    }

    private static Response download(StreamingOutput body, MediaType type, String fileName) {
        return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"" + fileName + "\"").build();
    }
}
