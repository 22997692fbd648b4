package lv.pasvaldibas.monitor.web;

import lv.pasvaldibas.monitor.signin.WebSession;

/** The pages' frame and escaping. Every value from a record or a request passes {@link #text} before it is written. */
final class Html {

    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b}"
            + "header{background:#7a1b2a;color:#fff;padding:.6em 1em;display:flex;gap:1.2em;align-items:center;flex-wrap:wrap}"
            + "header a{color:#fff}main{padding:1em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;"
            + "padding:.3em .5em;text-align:left;font-size:.92em}.DENIED,.FAILURE,.BROKEN{color:#a00;font-weight:bold}"
            + "form.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(14em,1fr));gap:.5em;margin-bottom:1em}"
            + "label{display:flex;flex-direction:column;font-size:.85em}.error{color:#a00}svg{background:#fafafa}";

    private Html() {
    }

    static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    /** A whole page: the navigation (for a signed-in officer), the language switch, the body. */
    static String page(Texts t, String title, WebSession session, String body) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html><html lang=\"").append(t.language()).append("\"><head><meta charset=\"utf-8\">")
                .append("<title>").append(text(title)).append(" · ").append(text(t.get("app"))).append("</title><style>").append(STYLE)
                .append("</style></head><body><header><strong>").append(text(t.get("app"))).append("</strong>");
        if (session != null) {
            out.append("<a href=\"/\">").append(text(t.get("nav.dashboard"))).append("</a><a href=\"/audit\">").append(text(t.get("nav.audit")))
                    .append("</a><a href=\"/audit/verify\">").append(text(t.get("nav.verify"))).append("</a><a href=\"/alerts\">")
                    .append(text(t.get("nav.alerts"))).append("</a><a href=\"/reports\">").append(text(t.get("nav.reports")))
                    .append("</a><span id=\"officer\">").append(text(session.officer().username())).append(" (")
                    .append(text(session.officer().platformWide() ? t.get("scope.platform") : t.get("scope.municipality", session.officer().municipality())))
                    .append(")</span><form method=\"post\" action=\"/logout\" style=\"margin:0\">").append(csrf(session))
                    .append("<button id=\"signout\">").append(text(t.get("signout"))).append("</button></form>");
        }
        out.append("<span style=\"margin-left:auto\"><a href=\"?lang=lv\">LV</a> · <a href=\"?lang=en\">EN</a></span></header><main><h1>")
                .append(text(title)).append("</h1>").append(body).append("</main></body></html>");
        return out.toString();
    }

    static String csrf(WebSession session) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + text(session.csrf()) + "\">";
    }
}
