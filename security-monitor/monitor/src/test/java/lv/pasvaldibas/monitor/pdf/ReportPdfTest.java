package lv.pasvaldibas.monitor.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import lv.pasvaldibas.monitor.report.Scope;
import lv.pasvaldibas.monitor.report.SampleEvidence;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The PDF read back as text: Latvian letters survive (the embedded font has them) and the numbers are there. */
class ReportPdfTest {

    @Test
    void theLatvianHeadingsAndTheNumbersReadBackFromThePdf() throws Exception {
        byte[] pdf = ReportPdf.of(SampleEvidence.report(Scope.municipality("kuldīga")));
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(1);
            // lines wrap at the margin: compare with the line breaks as spaces
            text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
        assertThat(text).contains("Mēneša pierādījumu pārskats 2026-11", "Monthly evidence report 2026-11",
                "Kontroles un to pierādījumi", "Lietotāju identificēšana un autentificēšana", "Priviliģētā (administratoru) piekļuve",
                "Tvērums: pašvaldība kuldīga", "Brīdinājumi: 7 izvirzīti, 6 apstiprināti, 5 slēgti, 2 vēl atvērti",
                "Atspējotu kontu lietošanas mēģinājumi: 17 (3 konti)", "kuldīga: 9001, 999, 9.99 %", "ADMIN_UPDATE: 41, 2", "ķekava-čiekurkalns: 0, 0",
                "audita ieraksti: 123457", "nav atbilstības apliecinājums", "does not claim compliance");
        // every Latvian letter with a diacritic the report uses comes back as itself, not as '?'
        assertThat(text).contains("ā", "č", "ē", "ģ", "ī", "ķ", "ļ", "ņ", "š", "ū", "ž").doesNotContain("?");
    }
}
