package lv.pasvaldibas.vpvkac.i18n;

/**
 * A message in the VPVKAC bundles ({@code lv/pasvaldibas/vpvkac/messages*.properties}), in English and
 * Latvian. Implemented by enums only (each feature's refusal reasons, statuses, channels), so that
 * {@code MessageBundlesTest} finds every key by scanning the classes and checks both bundles hold it.
 */
public interface MessageKey {

    /** The bundle key, e.g. {@code personalCode.checkDigit}: stable, never shown to anyone. */
    String key();

    /**
     * For enums of refusal reasons: the key is the feature's prefix and the constant's name in lower
     * camel case, {@code CHECK_DIGIT} of {@code personalCode} → {@code personalCode.checkDigit}.
     */
    interface Prefixed extends MessageKey {

        /** The feature's part of the key, e.g. {@code personalCode}. */
        String prefix();

        /** The constant's name, as every enum has it. */
        String name();

        @Override
        default String key() {
            StringBuilder key = new StringBuilder(prefix()).append('.');
            boolean upper = false;
            for (char c : name().toCharArray()) {
                if (c == '_') {
                    upper = true;
                } else {
                    key.append(upper ? c : Character.toLowerCase(c));
                    upper = false;
                }
            }
            return key.toString();
        }
    }
}
