package lv.pasvaldibas.vpvkac.catalogue;

import java.util.Locale;
import java.util.Map;

/**
 * The names behind the codes a report groups by, for people reading it: services in the reader's
 * language (Latvian when the catalogue has no English name), institutions and centres as the
 * catalogue names them. Catalogue names are public; nothing here comes from a case.
 *
 * @param services     by code
 * @param institutions institution code to name
 * @param centres      centre id (as text, as reports carry it) to name
 */
public record CatalogueNames(Map<String, Service> services, Map<String, String> institutions, Map<String, String> centres) {

    public CatalogueNames {
        services = Map.copyOf(services);
        institutions = Map.copyOf(institutions);
        centres = Map.copyOf(centres);
    }

    /** The service's name in {@code locale}'s language; null for no code or an unknown one. */
    public String service(String code, Locale locale) {
        String english = "en".equals(locale.getLanguage()) ? serviceInEnglish(code) : null;
        return english != null ? english : serviceInLatvian(code);
    }

    /** The service's name in Latvian, the catalogue's own language. */
    public String serviceInLatvian(String code) {
        Service service = code == null ? null : services.get(code);
        return service == null ? null : service.name();
    }

    /** The service's English name, or null when the catalogue has none. */
    public String serviceInEnglish(String code) {
        Service service = code == null ? null : services.get(code);
        return service == null ? null : service.nameEn();
    }

    public String institution(String code) {
        return code == null ? null : institutions.get(code);
    }

    public String centre(String id) {
        return id == null ? null : centres.get(id);
    }
}
