package lv.pasvaldibas.vpvkac.i18n;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;

/**
 * The VPVKAC messages in Latvian ({@code lv}) or English (every other locale). Bundles are read as
 * strict UTF-8: a file saved in another encoding fails loudly instead of showing mangled diacritics,
 * which the JDK's own loader would do by falling back to ISO-8859-1. Texts are {@link MessageFormat}
 * patterns, so a literal apostrophe is written twice ({@code ''}).
 */
public final class Messages {

    static final String BUNDLE = "lv.pasvaldibas.vpvkac.messages";
    private static final ResourceBundle.Control UTF8_NO_FALLBACK = new Utf8Control();

    private Messages() {
    }

    /** The text of {@code key} in {@code locale}'s language, its {@code {n}} filled with {@code arguments}. */
    public static String text(Locale locale, MessageKey key, Object... arguments) {
        return format(locale, key, List.of(arguments));
    }

    /** Why {@code refusal} was refused, in {@code locale}'s language. */
    public static String text(Locale locale, RefusalException refusal) {
        return format(locale, refusal.reason(), refusal.arguments());
    }

    private static String format(Locale locale, MessageKey key, List<Object> arguments) {
        Object[] told = arguments.stream()
                .map(a -> a instanceof MessageKey nested ? format(locale, nested, List.of()) : a)
                .toArray();
        return new MessageFormat(bundle(locale).getString(key.key()), locale).format(told);
    }

    static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(BUNDLE, locale, Messages.class.getClassLoader(), UTF8_NO_FALLBACK);
    }

    /** Properties files only, read as strict UTF-8; no fall-back to the server's default locale. */
    private static final class Utf8Control extends ResourceBundle.Control {

        @Override
        public List<String> getFormats(String baseName) {
            return FORMAT_PROPERTIES;
        }

        @Override
        public Locale getFallbackLocale(String baseName, Locale locale) {
            // a server running with lv as its default must still answer an English user in English
            return null;
        }

        @Override
        public ResourceBundle newBundle(String baseName, Locale locale, String format, ClassLoader loader, boolean reload)
                throws IOException {
            String resource = toResourceName(toBundleName(baseName, locale), "properties");
            InputStream in = loader.getResourceAsStream(resource);
            if (in == null) {
                return null;
            }
            try (InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
                return new PropertyResourceBundle(reader);
            }
        }
    }
}
