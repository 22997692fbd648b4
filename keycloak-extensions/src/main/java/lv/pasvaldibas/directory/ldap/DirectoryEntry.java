package lv.pasvaldibas.directory.ldap;

import java.util.List;
import java.util.Map;

/**
 * A user entry as read from a directory.
 *
 * @param dn         distinguished name
 * @param id         the dialect's lifelong id (entryUUID, objectGUID as UUID text)
 * @param attributes attribute name (as the server spelled it) → string values
 */
public record DirectoryEntry(String dn, String id, Map<String, List<String>> attributes) {

    public String first(String attribute) {
        return lv.pasvaldibas.directory.Dialect.first(attributes, attribute);
    }

    /** Common names of the groups listed in {@code memberOfAttribute} (the first RDN value of each DN). */
    public java.util.Set<String> groupNames(String memberOfAttribute) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (String dn : all(memberOfAttribute)) {
            try {
                names.add(new org.apache.directory.api.ldap.model.name.Dn(dn).getRdn().getValue());
            } catch (org.apache.directory.api.ldap.model.exception.LdapInvalidDnException e) {
                // a malformed value in the directory names no group
            }
        }
        return names;
    }

    public List<String> all(String attribute) {
        for (Map.Entry<String, List<String>> e : attributes.entrySet()) {
            if (e.getKey().equalsIgnoreCase(attribute)) {
                return e.getValue();
            }
        }
        return List.of();
    }
}
