package lv.pasvaldibas.provisioning.access;

import java.util.Optional;

/**
 * The daemon's roles. Viewer and operator are client roles of {@code provisioning-api}, held in
 * the caller's own municipality or lent by a trust; platform operator is a realm role and is never
 * lent.
 */
public enum Role {
    VIEWER("provisioning-viewer"),
    OPERATOR("provisioning-operator"),
    PLATFORM_OPERATOR("platform-operator");

    private final String roleName;

    Role(String roleName) {
        this.roleName = roleName;
    }

    public String roleName() {
        return roleName;
    }

    public static Optional<Role> named(String roleName) {
        for (Role role : values()) {
            if (role.roleName.equals(roleName)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
