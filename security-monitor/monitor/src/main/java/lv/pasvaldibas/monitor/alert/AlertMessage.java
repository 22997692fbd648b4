package lv.pasvaldibas.monitor.alert;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An alert as it is delivered: an e-mail in Latvian and English, and the webhook's JSON fields. The
 * evidence is named (stream and number in the audit log), never copied: the log is where it is read.
 */
public final class AlertMessage {

    private static final DateTimeFormatter RIGA = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Europe/Riga"));

    private AlertMessage() {
    }

    public static String subject(Alert a) {
        return "[" + a.level() + "] " + a.title() + group(a);
    }

    public static String text(Alert a, String pageUrl) {
        String evidence = a.events().stream().map(e -> e.stream() + " #" + e.seq()).collect(Collectors.joining(", "));
        return String.join("\n",
                "Drošības brīdinājums / Security alert",
                "",
                "Noteikums / Rule: " + a.title() + " (" + a.ruleId() + ")",
                "Līmenis / Level: " + a.level(),
                "Kam / Concerning: " + (a.group().isEmpty() ? "-" : group(a).substring(2)),
                "Pašvaldība / Municipality: " + (a.municipality() == null ? "-" : a.municipality()),
                "Notikumi / Events: " + RIGA.format(a.firstEvent()) + " – " + RIGA.format(a.lastEvent()) + " (Rīgas laiks / Riga time)",
                "Audita ieraksti / Audit records: " + evidence,
                "",
                "Apstrādāt / Handle: " + pageUrl + "/alerts/" + a.id(),
                "");
    }

    /** The webhook's body fields, in a fixed order. */
    public static Map<String, Object> payload(Alert a) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", a.id().toString());
        body.put("rule", a.ruleId());
        body.put("title", a.title());
        body.put("level", a.level());
        body.put("group", a.group());
        body.put("municipality", a.municipality());
        body.put("raisedAt", a.raisedAt().toString());
        body.put("firstEvent", a.firstEvent().toString());
        body.put("lastEvent", a.lastEvent().toString());
        body.put("events", a.events().stream().map(e -> Map.of("stream", e.stream(), "seq", e.seq(), "time", e.time().toString())).toList());
        return body;
    }

    private static String group(Alert a) {
        return a.group().isEmpty() ? "" : ": " + a.group().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
