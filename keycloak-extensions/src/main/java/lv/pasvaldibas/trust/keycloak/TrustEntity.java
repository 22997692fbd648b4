package lv.pasvaldibas.trust.keycloak;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A trust row (changelog {@code META-INF/municipal-trusts-changelog.xml}). Sets and the history are
 * JSON text: they are read and written whole with the trust, never queried on their own. Times are
 * epoch milliseconds, as Keycloak stores its own. {@link #version} guards against two nodes
 * changing the same trust at once.
 */
@Entity
@Table(name = "PAS_TRUST")
@NamedQuery(name = "pasTrustsOfRealm", query = "SELECT t FROM TrustEntity t WHERE t.realmId = :realmId ORDER BY t.id")
public class TrustEntity {

    @Id
    @Column(name = "ID", length = 36)
    public String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    public String realmId;

    @Column(name = "TRUSTING_MUNICIPALITY", length = 100, nullable = false)
    public String trustingMunicipality;

    @Column(name = "TRUSTED_DIRECTORY", length = 100, nullable = false)
    public String trustedDirectory;

    @Column(name = "TRUSTED_MUNICIPALITY", length = 100, nullable = false)
    public String trustedMunicipality;

    @Column(name = "ALL_USERS", nullable = false)
    public boolean allUsers;

    @Column(name = "ACCEPTED_GROUPS", nullable = false)
    public String acceptedGroups;

    @Column(name = "GRANTED_ROLES", nullable = false)
    public String grantedRoles;

    @Column(name = "VALID_FROM", nullable = false)
    public long validFrom;

    @Column(name = "VALID_UNTIL")
    public Long validUntil;

    @Column(name = "TRANSITIVE", nullable = false)
    public boolean transitive;

    @Column(name = "STATE", length = 20, nullable = false)
    public String state;

    @Column(name = "PROPOSED_BY", length = 100, nullable = false)
    public String proposedBy;

    @Column(name = "SUSPENDED_BY", length = 100)
    public String suspendedBy;

    @Column(name = "NEXT_REVIEW")
    public Long nextReview;

    @Column(name = "HISTORY", nullable = false)
    public String history;

    @Version
    @Column(name = "VERSION", nullable = false)
    public int version;
}
