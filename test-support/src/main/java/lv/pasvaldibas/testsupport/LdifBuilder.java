package lv.pasvaldibas.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the LDIF of one directory: base entry, organisational units, a service account, a default
 * password policy, people and groups. Values outside printable ASCII are base64-encoded as RFC 2849
 * requires, so Latvian names travel byte-exact.
 */
public final class LdifBuilder {

    /** The service account every test and demo directory has; the platform binds as it to search. */
    public static final String SERVICE_ACCOUNT_RDN = "cn=platform-svc,ou=system";

    private final String suffix;
    private final DirectoryData.Flavor flavor;
    private final String domain;
    private final StringBuilder ldif = new StringBuilder();
    private final Map<String, List<String>> groupMembers = new LinkedHashMap<>();
    private final StringBuilder changes = new StringBuilder();

    /**
     * @param domain the directory's DNS domain, e.g. {@code ventspils.lv}; the suffix is made from it
     */
    public LdifBuilder(String domain, DirectoryData.Flavor flavor, String servicePassword) {
        this.domain = domain;
        this.flavor = flavor;
        this.suffix = suffixOf(domain);
        String firstLabel = domain.split("\\.")[0];
        entry("dn: " + suffix, "objectClass: dcObject", "objectClass: organization",
                "dc: " + firstLabel, "o: " + firstLabel);
        for (String ou : List.of("people", "groups", "system", "policies")) {
            entry("dn: ou=" + ou + "," + suffix, "objectClass: organizationalUnit", "ou: " + ou);
        }
        entry("dn: " + SERVICE_ACCOUNT_RDN + "," + suffix, "objectClass: organizationalRole",
                "objectClass: simpleSecurityObject", "cn: platform-svc", "userPassword: " + servicePassword);
        entry("dn: cn=default,ou=policies," + suffix, "objectClass: device", "objectClass: pwdPolicy",
                "cn: default", "pwdAttribute: userPassword", "pwdLockout: TRUE", "pwdMaxFailure: 10",
                "pwdLockoutDuration: 0");
    }

    public static String suffixOf(String domain) {
        return "dc=" + String.join(",dc=", domain.split("\\."));
    }

    public String suffix() {
        return suffix;
    }

    public String serviceAccountDn() {
        return SERVICE_ACCOUNT_RDN + "," + suffix;
    }

    /** DN under which {@link #person} files an account. */
    public String personDn(Person person) {
        return flavor == DirectoryData.Flavor.ACTIVE_DIRECTORY
                ? "cn=" + person.givenName() + " " + person.familyName() + ",ou=people," + suffix
                : "uid=" + person.uid() + ",ou=people," + suffix;
    }

    public LdifBuilder person(Person person) {
        List<String> lines = new ArrayList<>();
        lines.add(attr("dn", personDn(person)));
        lines.add("objectClass: inetOrgPerson");
        lines.add(attr("uid", person.uid()));
        lines.add(attr("cn", person.givenName() + " " + person.familyName()));
        lines.add(attr("givenName", person.givenName()));
        lines.add(attr("sn", person.familyName()));
        lines.add(attr("mail", person.uid() + "@" + domain));
        lines.add(attr("userPassword", person.password()));
        if (person.title() != null) {
            lines.add(attr("title", person.title()));
        }
        if (person.department() != null) {
            lines.add(attr("departmentNumber", person.department()));
        }
        lines.add(attr("employeeNumber", person.employeeNumber()));
        lines.add(attr("telephoneNumber", person.phone()));
        if (flavor == DirectoryData.Flavor.ACTIVE_DIRECTORY) {
            lines.add("objectClass: adLiteUser");
            lines.add(attr("sAMAccountName", person.uid()));
            lines.add(attr("userPrincipalName", person.uid() + "@" + domain));
            // 512 = NORMAL_ACCOUNT; bit 2 (value 2) = ACCOUNTDISABLE
            lines.add("userAccountControl: " + (person.disabled() ? 514 : 512));
            if (person.locked()) {
                // lockoutTime: when AD locked the account after failed passwords (FILETIME); 0 = not locked
                lines.add("lockoutTime: 134116128000000000");
            }
            lines.add("objectGUID:: " + Base64.getEncoder().encodeToString(guidBytes(person.uid())));
        }
        entry(lines.toArray(String[]::new));
        if (flavor == DirectoryData.Flavor.OPENLDAP && (person.locked() || person.disabled())) {
            // ppolicy: 000001010000Z is an administrator's permanent lock (disabled); a real time is a lockout
            changes.append(lockChange(personDn(person), person.disabled() ? PERMANENT_LOCK : "20260101000000Z"));
        }
        for (String group : person.groups()) {
            groupMembers.computeIfAbsent(group, g -> new ArrayList<>()).add(personDn(person));
        }
        return this;
    }

    /** The directory as slapd loads it. */
    public DirectoryData directory(String id) {
        return new DirectoryData(id, suffix, flavor, build(), changes.toString());
    }

    /** The LDIF with every group that {@link #person} calls for. */
    public String build() {
        StringBuilder out = new StringBuilder(ldif);
        groupMembers.forEach((group, members) -> {
            List<String> lines = new ArrayList<>(List.of(attr("dn", "cn=" + group + ",ou=groups," + suffix),
                    "objectClass: groupOfNames", attr("cn", group)));
            members.forEach(m -> lines.add(attr("member", m)));
            out.append(String.join("\n", lines)).append("\n\n");
        });
        return out.toString();
    }

    /** ppolicy's value for an account an administrator disabled. */
    public static final String PERMANENT_LOCK = "000001010000Z";

    /**
     * An LDIF change that sets pwdAccountLockedTime, so OpenLDAP's ppolicy refuses binds. It is an
     * operational attribute, so it is set after the add.
     */
    public static String lockChange(String dn, String lockedTime) {
        return attr("dn", dn) + "\nchangetype: modify\nreplace: pwdAccountLockedTime\npwdAccountLockedTime: " + lockedTime + "\n\n";
    }

    private void entry(String... lines) {
        ldif.append(String.join("\n", lines)).append("\n\n");
    }

    /** One LDIF line; base64 when the value is not plain printable ASCII. */
    public static String attr(String name, String value) {
        boolean safe = !value.isEmpty() && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                && value.charAt(0) != ' ' && value.charAt(0) != ':' && value.charAt(0) != '<'
                && !value.endsWith(" ");
        return safe ? name + ": " + value
                : name + ":: " + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] guidBytes(String uid) {
        UUID uuid = UUID.nameUUIDFromBytes(uid.getBytes(StandardCharsets.UTF_8));
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (uuid.getMostSignificantBits() >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (uuid.getLeastSignificantBits() >>> (56 - 8 * i));
        }
        return bytes;
    }

    /**
     * An employee account. In AD flavor {@code disabled} sets userAccountControl bit 2 and
     * {@code locked} sets lockoutTime; in OpenLDAP
     * flavor {@code disabled} and {@code locked} become ppolicy locks applied after loading ({@link #lockChange}).
     */
    public record Person(String uid, String givenName, String familyName, String password, String title,
                         String department, String employeeNumber, String phone, List<String> groups,
                         boolean disabled, boolean locked) {

        public static Person of(String uid, String givenName, String familyName, String password, String... groups) {
            return new Person(uid, givenName, familyName, password, null, null,
                    Integer.toString(Math.abs(uid.hashCode()) % 900000 + 100000), "+371 6" + (Math.abs(uid.hashCode()) % 9000000 + 1000000),
                    List.of(groups), false, false);
        }

        public Person withDisabled() {
            return new Person(uid, givenName, familyName, password, title, department, employeeNumber, phone, groups, true, locked);
        }

        public Person withLocked() {
            return new Person(uid, givenName, familyName, password, title, department, employeeNumber, phone, groups, disabled, true);
        }

        public Person withJob(String title, String department) {
            return new Person(uid, givenName, familyName, password, title, department, employeeNumber, phone, groups, disabled, locked);
        }
    }
}
