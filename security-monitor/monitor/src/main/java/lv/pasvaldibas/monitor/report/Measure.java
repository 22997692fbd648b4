package lv.pasvaldibas.monitor.report;

/**
 * What the platform measures in a month as evidence for a control, with where that evidence lives.
 * The catalogue names these; the texts are here once, in both languages.
 */
public enum Measure {
    AUDIT_INTEGRITY("Audita žurnāla veselums", "Audit log integrity",
            "monitora pārbaudes (tabula integrity_check) un brīdinājumi audit-chain-break; bin/platform audit verify",
            "the monitor's checks (table integrity_check) and audit-chain-break alerts; bin/platform audit verify"),
    FAILED_SIGN_INS("Neizdevušās pieslēgšanās pa direktorijām", "Failed sign-ins per directory",
            "audit_record: LOGIN un LOGIN_ERROR pēc actor_directory",
            "audit_record: LOGIN and LOGIN_ERROR by actor_directory"),
    DISABLED_ACCOUNT_SIGN_INS("Direktorijā atspējotu kontu lietošana", "Use of accounts disabled in their directory",
            "audit_record: LOGIN_ERROR ar details.error = user_disabled; noteikums disabled-account-sign-in",
            "audit_record: LOGIN_ERROR with details.error = user_disabled; rule disabled-account-sign-in"),
    TRUST_CHANGES("Uzticēšanās izmaiņas", "Trust changes",
            "audit_record: TRUST_* ieraksti (target_type trust)",
            "audit_record: TRUST_* records (target_type trust)"),
    TRUSTS_OVERDUE("Uzticēšanās ar nokavētu pārskatīšanu", "Trusts overdue for review",
            "audit_record: pēdējais TRUST_APPROVE vai TRUST_REVIEW katrai uzticēšanās; pārskata reizi gadā",
            "audit_record: the latest TRUST_APPROVE or TRUST_REVIEW of each trust; reviewed yearly"),
    ADMIN_ACTIONS("Administratoru darbības", "Administrator actions",
            "audit_record: ADMIN_* ieraksti pēc veida un iznākuma",
            "audit_record: ADMIN_* records by type and outcome"),
    ALERTS("Brīdinājumi un to izskatīšana", "Alerts and their handling",
            "monitora tabula alert (stāvoklis, apstiprināja, slēdza, piezīme); audit_record: MONITOR_ALERT_*",
            "the monitor's table alert (state, acknowledged, closed, note); audit_record: MONITOR_ALERT_*");

    private final String latvian;
    private final String english;
    private final String evidenceLatvian;
    private final String evidenceEnglish;

    Measure(String latvian, String english, String evidenceLatvian, String evidenceEnglish) {
        this.latvian = latvian;
        this.english = english;
        this.evidenceLatvian = evidenceLatvian;
        this.evidenceEnglish = evidenceEnglish;
    }

    public String latvian() {
        return latvian;
    }

    public String english() {
        return english;
    }

    /** Where the evidence lives, for someone who wants to check the number. */
    public String evidenceLatvian() {
        return evidenceLatvian;
    }

    public String evidenceEnglish() {
        return evidenceEnglish;
    }
}
