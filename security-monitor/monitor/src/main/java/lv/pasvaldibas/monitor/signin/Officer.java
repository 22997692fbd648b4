package lv.pasvaldibas.monitor.signin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A signed-in security officer and which records they may see: a municipal officer (role
 * {@code security-officer}) their own municipality's, a platform officer (role
 * {@code platform-security-officer}) everyone's.
 *
 * @param municipality the officer's home municipality; null only for a platform officer without one
 */
public record Officer(String username, String municipality, boolean platformWide) {

    public static final String MUNICIPAL_ROLE = "security-officer";
    public static final String PLATFORM_ROLE = "platform-security-officer";

    public Officer {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("an officer has a username");
        }
        if (!platformWide && (municipality == null || municipality.isBlank())) {
            throw new IllegalArgumentException("a municipal officer has a municipality");
        }
    }

    /**
     * The officer a verified assertion names, from its attributes {@code Role} (one value per role) and
     * {@code municipality}; empty when the person holds neither role, or the municipal role without a
     * municipality (whose records could they see?).
     */
    public static Optional<Officer> of(String username, Map<String, List<String>> attributes) {
        List<String> roles = attributes.getOrDefault("Role", List.of());
        List<String> municipalities = attributes.getOrDefault("municipality", List.of());
        String municipality = municipalities.size() == 1 ? municipalities.get(0) : null;
        if (roles.contains(PLATFORM_ROLE)) {
            return Optional.of(new Officer(username, municipality, true));
        }
        if (roles.contains(MUNICIPAL_ROLE) && municipality != null && !municipality.isBlank()) {
            return Optional.of(new Officer(username, municipality, false));
        }
        return Optional.empty();
    }

    /** The municipality the officer's searches, views and reports are limited to; null: all of them. */
    public String scope() {
        return platformWide ? null : municipality;
    }
}
