package lv.pasvaldibas.monitor.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lv.pasvaldibas.monitor.postgres.DashboardQueries;

/**
 * The dashboard's charts as inline SVG drawn here: no script and no chart library in the page, so the
 * page's content security policy stays "nothing but itself".
 */
final class Charts {

    private static final int HOUR_WIDTH = 24;
    private static final int HEIGHT = 90;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH").withZone(ZoneId.of("Europe/Riga"));

    private Charts() {
    }

    /** One chart per directory: 24 hourly columns, sign-ins that succeeded (green) under those that failed (red). */
    static String signIns(Texts t, List<DashboardQueries.SignIns> rows, Instant from) {
        if (rows.isEmpty()) {
            return "<p>" + Html.text(t.get("dashboard.none")) + "</p>";
        }
        Map<String, TreeMap<Instant, long[]>> byDirectory = new TreeMap<>();
        long max = 1;
        for (DashboardQueries.SignIns r : rows) {
            long[] hour = byDirectory.computeIfAbsent(r.directory(), d -> hours(from)).get(r.hour());
            if (hour != null) {
                hour[0] += r.succeeded();
                hour[1] += r.failed();
                max = Math.max(max, hour[0] + hour[1]);
            }
        }
        StringBuilder out = new StringBuilder("<p><span style=\"color:#2e7d32\">■</span> ").append(Html.text(t.get("legend.success")))
                .append(" <span style=\"color:#c62828\">■</span> ").append(Html.text(t.get("legend.failure"))).append("</p>");
        for (Map.Entry<String, TreeMap<Instant, long[]>> directory : byDirectory.entrySet()) {
            out.append("<figure class=\"chart\" data-directory=\"").append(Html.text(directory.getKey())).append("\"><figcaption>")
                    .append(Html.text(directory.getKey())).append("</figcaption><svg width=\"").append(24 * HOUR_WIDTH).append("\" height=\"")
                    .append(HEIGHT + 14).append("\" role=\"img\">");
            int x = 0;
            for (Map.Entry<Instant, long[]> hour : directory.getValue().entrySet()) {
                long ok = hour.getValue()[0];
                long failed = hour.getValue()[1];
                int okHeight = (int) Math.round(HEIGHT * (double) ok / max);
                int failedHeight = (int) Math.round(HEIGHT * (double) failed / max);
                out.append("<rect x=\"").append(x + 2).append("\" y=\"").append(HEIGHT - okHeight).append("\" width=\"").append(HOUR_WIDTH - 4)
                        .append("\" height=\"").append(okHeight).append("\" fill=\"#2e7d32\"><title>").append(ok).append("</title></rect>")
                        .append("<rect x=\"").append(x + 2).append("\" y=\"").append(HEIGHT - okHeight - failedHeight).append("\" width=\"")
                        .append(HOUR_WIDTH - 4).append("\" height=\"").append(failedHeight).append("\" fill=\"#c62828\"><title>").append(failed)
                        .append("</title></rect><text x=\"").append(x + 4).append("\" y=\"").append(HEIGHT + 12).append("\" font-size=\"9\">")
                        .append(HOUR.format(hour.getKey())).append("</text>");
                x += HOUR_WIDTH;
            }
            out.append("</svg></figure>");
        }
        return out.toString();
    }

    /** The 24 hours from {@code from}, as the chart's columns: sign-ins that succeeded and that failed. */
    private static TreeMap<Instant, long[]> hours(Instant from) {
        TreeMap<Instant, long[]> hours = new TreeMap<>();
        for (int h = 0; h < 24; h++) {
            hours.put(from.plus(java.time.Duration.ofHours(h)), new long[2]);
        }
        return hours;
    }

    /** The addresses most sign-ins failed from, as horizontal bars. */
    static String sources(Texts t, List<DashboardQueries.Source> sources) {
        if (sources.isEmpty()) {
            return "<p>" + Html.text(t.get("dashboard.none")) + "</p>";
        }
        long max = sources.get(0).failed();
        StringBuilder out = new StringBuilder("<svg id=\"sources\" width=\"600\" height=\"").append(sources.size() * 20).append("\" role=\"img\">");
        int y = 0;
        for (DashboardQueries.Source s : sources) {
            int width = (int) Math.max(1, Math.round(380.0 * s.failed() / max));
            out.append("<text x=\"0\" y=\"").append(y + 14).append("\" font-size=\"12\">").append(Html.text(s.address())).append("</text><rect x=\"150\" y=\"")
                    .append(y + 3).append("\" width=\"").append(width).append("\" height=\"14\" fill=\"#c62828\"></rect><text x=\"")
                    .append(155 + width).append("\" y=\"").append(y + 14).append("\" font-size=\"12\">").append(s.failed()).append("</text>");
            y += 20;
        }
        return out.append("</svg>").toString();
    }
}
