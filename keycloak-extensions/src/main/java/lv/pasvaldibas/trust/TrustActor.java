package lv.pasvaldibas.trust;

import java.util.Objects;

/**
 * Who acts on a trust: an LDAP admin of one municipality, or a platform admin (municipality null),
 * who may see everything and stop any trust, but never stands in for a municipality's consent.
 */
public record TrustActor(String userId, String username, String municipality) {

    public TrustActor {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
    }

    public static TrustActor platformAdmin(String userId, String username) {
        return new TrustActor(userId, username, null);
    }

    public boolean isPlatformAdmin() {
        return municipality == null;
    }
}
