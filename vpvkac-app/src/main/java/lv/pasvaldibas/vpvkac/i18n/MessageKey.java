package lv.pasvaldibas.vpvkac.i18n;

/**
 * A message in the VPVKAC bundles ({@code lv/pasvaldibas/vpvkac/messages*.properties}), in English and
 * Latvian. Implemented by enums only (each feature's refusal reasons, statuses, channels), so that
 * {@code MessageBundlesTest} finds every key by scanning the classes and checks both bundles hold it.
 */
public interface MessageKey {

    /** The bundle key, e.g. {@code personalCode.checkDigit}: stable, never shown to anyone. */
    String key();
}
