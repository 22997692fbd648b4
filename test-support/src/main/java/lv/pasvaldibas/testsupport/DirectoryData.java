package lv.pasvaldibas.testsupport;

/**
 * One test or demo directory: an LDAP suffix with its entries.
 *
 * @param id      short name, also the slapd database folder name
 * @param suffix  base DN, e.g. {@code dc=ventspils,dc=lv}
 * @param flavor  what the directory imitates
 * @param ldif    entries below (and including) the suffix, loaded over LDAP so overlays run
 * @param changes LDIF modifications applied after loading (operational attributes such as locks)
 */
public record DirectoryData(String id, String suffix, Flavor flavor, String ldif, String changes) {

    public enum Flavor { OPENLDAP, ACTIVE_DIRECTORY }

    public DirectoryData {
        if (!id.matches("[a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("Directory id must be a short slug: " + id);
        }
    }

    /** The directory's administrator, for the test's own changes (disable, lock, delete). */
    public String rootDn() {
        return "cn=admin," + suffix;
    }

    public String rootPassword() {
        return "root-" + id;
    }
}
