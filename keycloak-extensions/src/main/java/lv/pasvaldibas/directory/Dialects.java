package lv.pasvaldibas.directory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/** The dialects on the class path, found with {@link ServiceLoader}. */
public final class Dialects {

    private static final Map<String, Dialect> BY_ID = load();

    private Dialects() {
    }

    private static Map<String, Dialect> load() {
        Map<String, Dialect> byId = new LinkedHashMap<>();
        for (Dialect d : ServiceLoader.load(Dialect.class, Dialects.class.getClassLoader())) {
            byId.put(d.id(), d);
        }
        return Map.copyOf(byId);
    }

    public static Dialect byId(String id) {
        Dialect d = BY_ID.get(id);
        if (d == null) {
            throw new InvalidDirectoryConfigException("?", java.util.List.of("unknown dialect " + id + "; known: " + ids()));
        }
        return d;
    }

    public static Set<String> ids() {
        return new java.util.TreeSet<>(BY_ID.keySet());
    }
}
