package lv.pasvaldibas.directory;

import java.util.List;

/** Where a sign-in name goes, and why: the answer to "which directory handles this name". */
public sealed interface Route {

    /** Human-readable reason, shown to admins by the routing endpoint. */
    String reason();

    /** Exactly one directory owns the name. */
    record Home(DirectoryConfig directory, LoginName name, String reason) implements Route {
    }

    /** A bare name and no default directory: ask every candidate in parallel, sign in only on a unique match. */
    record AnyOf(List<DirectoryConfig> candidates, LoginName name, String reason) implements Route {
    }

    /** No directory can own the name: refused without any LDAP work. */
    record Nowhere(String reason) implements Route {
    }
}
