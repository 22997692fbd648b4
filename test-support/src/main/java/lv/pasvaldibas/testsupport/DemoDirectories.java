package lv.pasvaldibas.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo municipal directories: Ventspils (AD-like), Kuldīga and Talsi (OpenLDAP), about fifty
 * employees each with real Latvian names, groups, one disabled and one locked account. Used by
 * {@code bin/platform up} (through {@link #main}) and by integration tests, so both see the same data.
 */
public final class DemoDirectories {

    /** Every demo employee's password; printed by {@code bin/platform up}. Development only. */
    public static final String DEMO_PASSWORD = "Demo-Parole-2026";
    /** The demo directories' service account password. Development only. */
    public static final String SERVICE_PASSWORD = "demo-svc-parole";

    /** A demo municipality: id, DNS domain, flavor. */
    public record Municipality(String id, String domain, DirectoryData.Flavor flavor) {
    }

    public static final List<Municipality> MUNICIPALITIES = List.of(
            new Municipality("ventspils", "ventspils.lv", DirectoryData.Flavor.ACTIVE_DIRECTORY),
            new Municipality("kuldiga", "kuldiga.lv", DirectoryData.Flavor.OPENLDAP),
            new Municipality("talsi", "talsi.lv", DirectoryData.Flavor.OPENLDAP));

    private static final String[][] MEN = {
            {"Jānis", "Bērziņš"}, {"Andris", "Kalniņš"}, {"Māris", "Ozoliņš"}, {"Kārlis", "Liepiņš"}, {"Ēriks", "Krūmiņš"},
            {"Ģirts", "Zariņš"}, {"Valdis", "Jansons"}, {"Uldis", "Vītols"}, {"Raimonds", "Ķēniņš"}, {"Edgars", "Šmits"},
            {"Aivars", "Čakste"}, {"Gatis", "Ļaviņš"}, {"Normunds", "Sprūdžs"}, {"Pēteris", "Ģērmanis"}, {"Arnis", "Lūsis"},
            {"Dainis", "Pūliņš"}, {"Imants", "Dūmiņš"}, {"Roberts", "Āboliņš"}, {"Oskars", "Ieviņš"}, {"Rihards", "Ūdris"},
            {"Mārtiņš", "Žagars"}, {"Artūrs", "Skujiņš"}, {"Toms", "Eglītis"}, {"Krišjānis", "Kļaviņš"}, {"Juris", "Strautiņš"}};
    private static final String[][] WOMEN = {
            {"Anna", "Bērziņa"}, {"Līga", "Kalniņa"}, {"Ilze", "Ozoliņa"}, {"Kristīne", "Liepiņa"}, {"Inese", "Krūmiņa"},
            {"Dace", "Zariņa"}, {"Zane", "Jansone"}, {"Laura", "Vītola"}, {"Ieva", "Ķēniņa"}, {"Māra", "Šmite"},
            {"Agnese", "Čakste"}, {"Sanita", "Ļaviņa"}, {"Elīna", "Sprūdža"}, {"Gunta", "Ģērmane"}, {"Rūta", "Lūse"},
            {"Evija", "Pūliņa"}, {"Baiba", "Dūmiņa"}, {"Solvita", "Āboliņa"}, {"Dzintra", "Ieviņa"}, {"Aija", "Ūdre"},
            {"Žanete", "Žagare"}, {"Santa", "Skujiņa"}, {"Vija", "Eglīte"}, {"Ņina", "Kļaviņa"}, {"Ārija", "Strautiņa"}};
    private static final String[] TITLES = {"Klientu apkalpošanas speciālists", "Vecākais referents", "Nodaļas vadītājs",
            "Sistēmu administrators", "Juriskonsults"};
    private static final String[] DEPARTMENTS = {"VPVKAC", "Finanšu nodaļa", "IT nodaļa", "Sociālais dienests", "Būvvalde"};

    private DemoDirectories() {
    }

    /** The three demo directories, in {@link #MUNICIPALITIES} order. */
    public static List<DirectoryData> directories() {
        List<DirectoryData> directories = new ArrayList<>();
        for (int m = 0; m < MUNICIPALITIES.size(); m++) {
            directories.add(directory(MUNICIPALITIES.get(m), m));
        }
        return directories;
    }

    private static DirectoryData directory(Municipality municipality, int offset) {
        LdifBuilder ldif = new LdifBuilder(municipality.domain(), municipality.flavor(), SERVICE_PASSWORD);
        for (int i = 0; i < 50; i++) {
            // every name once per directory; the men (Jānis Bērziņš first) in all three: the same
            // usernames in several directories, as in real life
            String[] name = (i % 2 == 0) ? MEN[i / 2] : WOMEN[(i / 2 + offset * 7) % 25];
            String uid = uid(name[0], name[1]);
            List<String> groups = new ArrayList<>(List.of("darbinieki"));
            if (i % 3 == 0) {
                groups.add("vpvkac-specialisti");
            }
            if (i % 10 == 1) {
                groups.add("vpvkac-vaditaji");
            }
            if (i == 2) {
                groups.add("ldap-administratori");
            }
            if (i == 4) {
                groups.add("vpvkac-administratori");
            }
            if (i == 6) {
                groups.add("it-administratori"); // the provisioning daemon's operators: karlis.liepins@<any>
            }
            if (i == 10) {
                groups.add("it-darbinieki"); // its viewers: girts.zarins@<any>
            }
            if (i == 12) {
                groups.add("platformas-operatori"); // platform operator (mapped in Ventspils only): valdis.jansons@ventspils.lv
            }
            LdifBuilder.Person person = LdifBuilder.Person.of(uid, name[0], name[1], DEMO_PASSWORD, groups.toArray(String[]::new))
                    .withJob(TITLES[i % TITLES.length], DEPARTMENTS[i % DEPARTMENTS.length]);
            if (i == 48) {
                person = person.withDisabled();
            }
            if (i == 49) {
                person = person.withLocked();
            }
            ldif.person(person);
        }
        return ldif.directory(municipality.id());
    }

    /** ASCII login name: {@code Jānis Bērziņš} → {@code janis.berzins}. */
    public static String uid(String given, String family) {
        return fold(given) + "." + fold(family);
    }

    private static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }

    /**
     * For {@code bin/platform up}: writes {@code slapd.conf}, the AD-like schema, a test CA and one
     * LDIF per directory into {@code args[0]}, for slapd on the ports it will be given.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: DemoDirectories <output folder>");
            System.exit(2);
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(out);
        List<DirectoryData> directories = directories();
        Path schema = out.resolve("ad-lite.schema");
        try (var in = DemoDirectories.class.getResourceAsStream("ad-lite.schema")) {
            Files.copy(in, schema, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        TestCa ca = Files.exists(out.resolve("ca/server.pem"))
                ? new TestCa(out.resolve("ca/ca.pem"), out.resolve("ca/server.pem"), out.resolve("ca/server.key"))
                : TestCa.create(out.resolve("ca"), "localhost");
        Files.writeString(out.resolve("slapd.conf"), SlapdConfig.render(directories, out,
                schema, new SlapdConfig.Tls(ca.caPem(), ca.serverCertPem(), ca.serverKeyPem())), StandardCharsets.UTF_8);
        for (DirectoryData d : directories) {
            Files.createDirectories(out.resolve("db-" + d.id()));
            Files.writeString(out.resolve(d.id() + ".ldif"), d.ldif(), StandardCharsets.UTF_8);
            Files.writeString(out.resolve(d.id() + "-changes.ldif"), d.changes(), StandardCharsets.UTF_8);
            Files.writeString(out.resolve(d.id() + ".root"), d.rootDn() + "\n" + d.rootPassword() + "\n", StandardCharsets.UTF_8);
        }
    }
}
