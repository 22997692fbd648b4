package lv.pasvaldibas.trust.keycloak;

import lv.pasvaldibas.platform.keycloak.PlatformEntityProviderFactory;

/** Adds the trust table to Keycloak's database. */
public final class TrustEntityProviderFactory extends PlatformEntityProviderFactory {

    public TrustEntityProviderFactory() {
        super("municipal-trusts", "META-INF/municipal-trusts-changelog.xml", TrustEntity.class);
    }
}
