package lv.pasvaldibas.vpvkac.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every message key the code can raise is in both bundles, and the bundles agree. The keys are found
 * by scanning the compiled classes for enums implementing {@link MessageKey}, so a new reason cannot
 * be forgotten here.
 */
class MessageBundlesTest {

    private static final Locale LATVIAN = Locale.of("lv");

    @Test
    void everyKeyTheCodeUsesIsInBothBundles() {
        List<MessageKey> keys = messageKeysInTheCode();
        ResourceBundle english = Messages.bundle(Locale.ENGLISH);
        ResourceBundle latvian = Messages.bundle(LATVIAN);
        for (MessageKey key : keys) {
            assertThat(english.keySet()).as("English " + key.key()).contains(key.key());
            assertThat(latvian.keySet()).as("Latvian " + key.key()).contains(key.key());
        }
    }

    @Test
    void aPrefixedReasonsKeyIsItsPrefixAndItsNameInLowerCamelCase() {
        assertThat(lv.pasvaldibas.vpvkac.client.InvalidPersonalCodeException.Reason.CHECK_DIGIT.key()).isEqualTo("personalCode.checkDigit");
        assertThat(lv.pasvaldibas.vpvkac.catalogue.InvalidCatalogueException.Reason.TOO_MANY_ROWS.key()).isEqualTo("catalogue.tooManyRows");
        assertThat(lv.pasvaldibas.vpvkac.quality.ReportRefusal.Reason.FORMAT.key()).isEqualTo("report.format");
    }

    @Test
    void theScanFindsTheReasonsOfEveryFeature() {
        assertThat(messageKeysInTheCode()).extracting(MessageKey::key)
                .contains("personalCode.checkDigit", "client.email", "case.illegalTransition", "case.noteTooLong", "catalogue.duplicateCode",
                        "case.status.DELIVERED", "channel.EMAIL", "service.kind.MUNICIPAL");
    }

    @Test
    void theBundlesHoldTheSameKeysAndNoneTheCodeDoesNotUse() {
        Set<String> used = new TreeSet<>(messageKeysInTheCode().stream().map(MessageKey::key).toList());
        assertThat(new TreeSet<>(Messages.bundle(Locale.ENGLISH).keySet())).isEqualTo(used);
        assertThat(new TreeSet<>(Messages.bundle(LATVIAN).keySet())).isEqualTo(used);
    }

    @Test
    void bothLanguagesTakeTheSameArguments() {
        ResourceBundle english = Messages.bundle(Locale.ENGLISH);
        ResourceBundle latvian = Messages.bundle(LATVIAN);
        for (String key : english.keySet()) {
            assertThat(new MessageFormat(latvian.getString(key)).getFormatsByArgumentIndex().length)
                    .as(key).isEqualTo(new MessageFormat(english.getString(key)).getFormatsByArgumentIndex().length);
        }
    }

    @Test
    void theLatvianBundleIsReadAsUtf8() {
        assertThat(Messages.bundle(LATVIAN).getString("personalCode.checkDigit")).contains("kļūda").contains("pēdējais");
        String all = String.join(" ", Messages.bundle(LATVIAN).keySet().stream().map(Messages.bundle(LATVIAN)::getString).toList());
        assertThat(all).doesNotContain("\uFFFD").doesNotContain("Ä");
    }

    private static List<MessageKey> messageKeysInTheCode() {
        List<MessageKey> keys = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("lv.pasvaldibas.vpvkac")) {
            if (type.isEnum() && type.isAssignableTo(MessageKey.class)) {
                for (Object constant : type.reflect().getEnumConstants()) {
                    keys.add((MessageKey) constant);
                }
            }
        }
        return keys;
    }
}
