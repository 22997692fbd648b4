package lv.pasvaldibas.trust;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Municipality {@code trustingMunicipality} (the resource side) accepts accounts of directory
 * {@code trustedDirectory} of {@code trustedMunicipality} (the account side): for the listed
 * clients of the resource side, members of the accepted groups (or all users) get exactly the
 * granted roles, within the validity window. Immutable: {@link TrustLifecycle} returns changed copies.
 *
 * @param acceptedGroups group names of the trusted directory; empty together with {@code allUsers}
 * @param grantedRoles   client id → the client roles granted (every key is a covered client)
 * @param validUntil     null: no end
 * @param proposedBy     the municipality whose admin proposed it: the other side approves
 * @param suspendedBy    the municipality (or null for a platform admin) that suspended it
 */
public record Trust(String id, String trustingMunicipality, String trustedDirectory, String trustedMunicipality,
                    boolean allUsers, Set<String> acceptedGroups, Map<String, Set<String>> grantedRoles, Instant validFrom,
                    Instant validUntil, boolean transitive, TrustState state, String proposedBy, String suspendedBy,
                    Instant nextReview, List<TrustEvent> history) {

    static final int MAX_NAME = 100;
    static final int MAX_ITEMS = 50;
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");

    public Trust {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        acceptedGroups = Set.copyOf(acceptedGroups);
        Map<String, Set<String>> roles = new java.util.HashMap<>();
        grantedRoles.forEach((client, granted) -> roles.put(client, Set.copyOf(granted)));
        grantedRoles = Map.copyOf(roles);
        history = List.copyOf(history);
    }

    /** Checks what a proposal must satisfy; the rules of DESIGN.md §3. */
    void validate() {
        slug(trustingMunicipality, "trusting municipality");
        slug(trustedDirectory, "trusted directory");
        slug(trustedMunicipality, "trusted municipality");
        if (trustingMunicipality.equals(trustedMunicipality)) {
            throw new TrustRuleException(TrustRuleException.Rule.SAME_MUNICIPALITY,
                    "a municipality does not need a trust to its own directories");
        }
        if (allUsers != acceptedGroups.isEmpty()) {
            throw invalid("accept either all users or at least one group, not both");
        }
        if (acceptedGroups.size() > MAX_ITEMS || grantedRoles.size() > MAX_ITEMS) {
            throw invalid("at most " + MAX_ITEMS + " groups and " + MAX_ITEMS + " clients");
        }
        acceptedGroups.forEach(g -> name(g, "group"));
        if (grantedRoles.isEmpty()) {
            throw invalid("a trust covers at least one client");
        }
        grantedRoles.forEach((client, roles) -> {
            name(client, "client");
            if (roles.isEmpty() || roles.size() > MAX_ITEMS) {
                throw invalid("client " + client + " needs 1 to " + MAX_ITEMS + " granted roles");
            }
            roles.forEach(r -> name(r, "role"));
        });
        if (validFrom == null) {
            throw invalid("a trust needs the start of its validity");
        }
        if (validUntil != null && !validFrom.isBefore(validUntil)) {
            throw invalid("the validity must end after it starts");
        }
    }

    private static void slug(String value, String what) {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw invalid(what + " must be an id: lower-case letters, digits and -, at most " + MAX_NAME);
        }
    }

    private static void name(String value, String what) {
        if (value == null || value.isBlank() || value.length() > MAX_NAME || value.chars().anyMatch(Character::isISOControl)) {
            throw invalid(what + " names are 1 to " + MAX_NAME + " printable characters");
        }
    }

    private static TrustRuleException invalid(String message) {
        return new TrustRuleException(TrustRuleException.Rule.INVALID, message);
    }

    /** The state at {@code now}: a trust past its window is EXPIRED without anyone acting. */
    public TrustState stateAt(Instant now) {
        boolean ended = validUntil != null && !now.isBefore(validUntil);
        return ended && state != TrustState.REVOKED ? TrustState.EXPIRED : state;
    }

    /** Grants access at {@code now}: active, and inside its window. */
    public boolean grantsAt(Instant now) {
        return stateAt(now) == TrustState.ACTIVE && !now.isBefore(validFrom);
    }

    public boolean reviewOverdueAt(Instant now) {
        return stateAt(now) == TrustState.ACTIVE && nextReview != null && now.isAfter(nextReview);
    }

    /** Whether a user with {@code groups} is accepted. */
    public boolean accepts(Set<String> groups) {
        return allUsers || groups.stream().anyMatch(acceptedGroups::contains);
    }

    /** Whether {@code municipality} is one of the two sides. */
    public boolean involves(String municipality) {
        return trustingMunicipality.equals(municipality) || trustedMunicipality.equals(municipality);
    }

    Trust with(TrustState newState, String newSuspendedBy, Instant newNextReview, TrustEvent event) {
        List<TrustEvent> longer = new java.util.ArrayList<>(history);
        longer.add(event);
        return new Trust(id, trustingMunicipality, trustedDirectory, trustedMunicipality, allUsers, acceptedGroups, grantedRoles,
                validFrom, validUntil, transitive, newState, proposedBy, newSuspendedBy, newNextReview, bounded(longer));
    }

    /** The most history lines a trust keeps (about 35 kB with the longest reasons). */
    public static final int MAX_HISTORY = 50;

    /**
     * At most {@link #MAX_HISTORY} lines, so suspend/resume loops cannot grow a trust row (read at every
     * cross-municipality sign-in) without limit: the consent lines (the proposal and the other side's
     * approval or rejection) stay, then the newest lines. Every line is also an audit record, where the
     * dropped ones remain (decision 45).
     */
    static List<TrustEvent> bounded(List<TrustEvent> history) {
        if (history.size() <= MAX_HISTORY) {
            return history;
        }
        List<TrustEvent> consent = history.stream().limit(2).filter(e -> e.action() == TrustAction.PROPOSED
                || e.action() == TrustAction.APPROVED || e.action() == TrustAction.REJECTED).toList();
        List<TrustEvent> kept = new java.util.ArrayList<>(consent);
        kept.addAll(history.subList(Math.max(consent.size(), history.size() - (MAX_HISTORY - consent.size())), history.size()));
        return kept;
    }
}
