package lv.pasvaldibas.monitor.web;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/** The pages' words in Latvian (the default) and English, from {@code web/texts_<lv|en>.properties} (UTF-8). */
final class Texts {

    private static final ResourceBundle LATVIAN = ResourceBundle.getBundle("web.texts", Locale.of("lv"));
    private static final ResourceBundle ENGLISH = ResourceBundle.getBundle("web.texts", Locale.ENGLISH);

    private final String language;
    private final ResourceBundle bundle;

    Texts(String language) {
        this.language = "en".equals(language) ? "en" : "lv";
        this.bundle = "en".equals(this.language) ? ENGLISH : LATVIAN;
    }

    String language() {
        return language;
    }

    String get(String key, Object... args) {
        String text = bundle.getString(key);
        return args.length == 0 ? text : new MessageFormat(text, Locale.of(language)).format(args);
    }
}
