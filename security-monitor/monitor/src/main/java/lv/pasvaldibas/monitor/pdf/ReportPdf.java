package lv.pasvaldibas.monitor.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import lv.pasvaldibas.monitor.report.Control;
import lv.pasvaldibas.monitor.report.Measure;
import lv.pasvaldibas.monitor.report.MonthlyEvidence;
import lv.pasvaldibas.monitor.report.Report;
import lv.pasvaldibas.monitor.report.ReportText;
import lv.pasvaldibas.monitor.report.ReportText.Bilingual;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The report as a PDF for people (decision 104): A4, Latvian then English, the statement that it maps
 * evidence first. The font is Liberation Sans from the PDFBox jar itself, embedded as a subset, so the
 * Latvian letters show on any reader and no font has to be installed on the server.
 */
public final class ReportPdf {

    private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    private static final byte[] FONT_BYTES = fontBytes();
    private static final float MARGIN = 50;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;

    private ReportPdf() {
    }

    private static byte[] fontBytes() {
        try (InputStream in = ReportPdf.class.getResourceAsStream(FONT)) {
            if (in == null) {
                throw new IllegalStateException("the PDFBox jar no longer carries " + FONT);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] of(Report report) {
        try (PDDocument doc = new PDDocument()) {
            PDType0Font font = PDType0Font.load(doc, new java.io.ByteArrayInputStream(FONT_BYTES), true);
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(ReportText.title(report).lv() + " / " + ReportText.title(report).en());
            info.setCreator("Pašvaldību IKT koplietošanas platforma: drošības monitors");
            try (Pages pages = new Pages(doc, font)) {
                write(pages, report);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the report could not be written as PDF", e);
        }
    }

    private static void write(Pages p, Report report) throws IOException {
        MonthlyEvidence e = report.evidence();
        p.both(ReportText.title(report), 16, 12);
        p.gap(4);
        p.both(ReportText.STATEMENT, 9, 9);
        p.gap(4);
        p.both(ReportText.scope(report.scope()), 10, 10);
        p.both(ReportText.period(report), 9, 9);
        p.line(report.catalogue().regulationLv() + " / " + report.catalogue().regulationEn(), 9);
        p.line(report.catalogue().source(), 8);
        p.gap(10);
        p.line("Kontroles un to pierādījumi / Controls and their evidence", 13);
        for (Report.ControlEvidence ce : report.controls()) {
            Control c = ce.control();
            p.gap(6);
            p.line(c.id() + "  " + c.titleLv() + " / " + c.titleEn(), 11);
            p.line(ReportText.reference(c).lv(), 8);
            for (int i = 0; i < c.evidence().size(); i++) {
                Measure m = c.evidence().get(i);
                p.line("• " + m.latvian() + " / " + m.english(), 10);
                p.indented(ce.summaries().get(i).lv(), 9);
                p.indented(ce.summaries().get(i).en(), 9);
                p.indented("Pierādījumi / Evidence: " + m.evidenceLatvian() + " / " + m.evidenceEnglish(), 8);
            }
        }
        p.gap(10);
        p.line("Mērījumu detaļas / Measure details", 13);
        p.gap(4);
        p.line("Pieslēgšanās pa direktorijām (izdevušās, neizdevušās, daļa) / Sign-ins per directory (succeeded, failed, share)", 10);
        for (MonthlyEvidence.DirectorySignIns d : e.signIns()) {
            p.indented(d.directory() + ": " + d.succeeded() + ", " + d.failed() + ", " + ReportText.percent(d.failedRate()), 9);
        }
        p.line("Atspējotu kontu lietošana (mēģinājumi, konti) / Disabled accounts used (attempts, accounts)", 10);
        for (MonthlyEvidence.DisabledAccountUse d : e.disabledAccounts()) {
            p.indented(d.directory() + ": " + d.attempts() + ", " + d.accounts(), 9);
        }
        p.line("Administratoru darbības (veiktas, atteiktas) / Administrator actions (done, refused)", 10);
        for (MonthlyEvidence.TypeCount t : e.adminActions()) {
            p.indented(t.type() + ": " + t.succeeded() + ", " + t.refused(), 9);
        }
        p.line("Uzticēšanās izmaiņas (veiktas, atteiktas) / Trust changes (made, refused)", 10);
        for (MonthlyEvidence.TypeCount t : e.trustChanges()) {
            p.indented(t.type() + ": " + t.succeeded() + ", " + t.refused(), 9);
        }
        p.line("Nokavēta pārskatīšana / Overdue reviews (trust, trusting municipality, trusted directory, due)", 10);
        for (MonthlyEvidence.OverdueTrust t : e.overdueTrusts()) {
            p.indented(t.trustId() + ": " + t.trustingMunicipality() + " → " + t.trustedDirectory() + ", " + ReportText.when(t.reviewDue()), 9);
        }
        p.line("Brīdinājumi pēc līmeņa (izvirzīti, apstiprināti, slēgti, atvērti) / Alerts by level (raised, acknowledged, closed, open)", 10);
        for (MonthlyEvidence.AlertHandling a : e.alerts()) {
            p.indented(a.level() + ": " + a.raised() + ", " + a.acknowledged() + ", " + a.closed() + ", " + a.stillOpen()
                    + (a.medianMinutesToAcknowledge() == null ? "" : "; mediāna līdz apstiprināšanai / median to acknowledge "
                    + Math.round(a.medianMinutesToAcknowledge()) + " min"), 9);
        }
    }

    /** Lines down A4 pages, wrapped at the margin, a new page when one is full. */
    private static final class Pages implements AutoCloseable {
        private final PDDocument doc;
        private final PDType0Font font;
        private PDPageContentStream content;
        private float y;

        Pages(PDDocument doc, PDType0Font font) throws IOException {
            this.doc = doc;
            this.font = font;
            newPage();
        }

        private void newPage() throws IOException {
            if (content != null) {
                content.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            content = new PDPageContentStream(doc, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        void both(Bilingual text, float lvSize, float enSize) throws IOException {
            line(text.lv(), lvSize);
            line(text.en(), enSize);
        }

        void line(String text, float size) throws IOException {
            write(text, size, 0);
        }

        void indented(String text, float size) throws IOException {
            write(text, size, 14);
        }

        void gap(float points) {
            y -= points;
        }

        private void write(String text, float size, float indent) throws IOException {
            for (String wrapped : wrap(printable(text), size, WIDTH - indent)) {
                float leading = size * 1.3f;
                if (y - leading < MARGIN) {
                    newPage();
                }
                y -= leading;
                content.beginText();
                content.setFont(font, size);
                content.newLineAtOffset(MARGIN + indent, y);
                content.showText(wrapped);
                content.endText();
            }
        }

        /** Text from the log (directory names, types) may hold what the font cannot show: shown as '?'. */
        private String printable(String text) {
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> {
                String s = Character.isISOControl(cp) ? " " : Character.toString(cp);
                try {
                    font.encode(s);
                    out.append(s);
                } catch (IOException | IllegalArgumentException e) {
                    out.append('?');
                }
            });
            return out.toString();
        }

        private List<String> wrap(String text, float size, float width) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String word : text.split(" ")) {
                String candidate = current.isEmpty() ? word : current + " " + word;
                if (!current.isEmpty() && font.getStringWidth(candidate) / 1000 * size > width) {
                    lines.add(current.toString());
                    current = new StringBuilder(word);
                } else {
                    current = new StringBuilder(candidate);
                }
            }
            lines.add(current.toString());
            return lines;
        }

        @Override
        public void close() throws IOException {
            content.close();
        }
    }
}
