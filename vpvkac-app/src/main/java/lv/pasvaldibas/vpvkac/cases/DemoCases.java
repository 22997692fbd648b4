package lv.pasvaldibas.vpvkac.cases;

import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import lv.pasvaldibas.vpvkac.catalogue.Service;
import lv.pasvaldibas.vpvkac.client.Client;
import lv.pasvaldibas.vpvkac.client.Contact;
import lv.pasvaldibas.vpvkac.client.InvalidPersonalCodeException;
import lv.pasvaldibas.vpvkac.client.PersonalCode;
import lv.pasvaldibas.vpvkac.client.RegistrationNumber;

/**
 * The demo cases {@code bin/platform up} starts with: for each demo municipality, cases of the last
 * half year at its centre, each with a client (people with Latvian names and valid personal codes in
 * both forms, some organisations), a service and a channel the catalogue offers, and a history the
 * workflow allows, moved by that municipality's demo specialist; the newest still open. The same
 * seed gives the same cases, so the demo is the same on every machine.
 */
public final class DemoCases {

    /** One case to be stored: where, what, for whom, and its status changes after registration, oldest first. */
    public record Planned(String municipality, Service service, Channel channel, Client client, Instant receivedAt,
                          String actor, List<StatusChange> changes) {
    }

    private static final ZoneId RIGA = ZoneId.of("Europe/Riga");
    private static final String[][] PEOPLE = {
            {"Ērika", "Šķēle"}, {"Ģederts", "Ļaudams"}, {"Ināra", "Čevere"}, {"Kārlis", "Ūdris"}, {"Žanna", "Ņikitina"},
            {"Aivars", "Bērziņš"}, {"Dace", "Kalniņa"}, {"Māris", "Ozoliņš"}, {"Līga", "Liepiņa"}, {"Ēriks", "Krūmiņš"},
            {"Zane", "Zariņa"}, {"Pēteris", "Vītols"}, {"Ieva", "Ķēniņa"}, {"Edgars", "Šmits"}, {"Sanita", "Sprūdža"},
            {"Gunta", "Ģērmane"}, {"Roberts", "Āboliņš"}, {"Aija", "Ieviņa"}, {"Mārtiņš", "Žagars"}, {"Vija", "Eglīte"}};
    private static final String[] ORGANISATIONS = {"SIA \"Ābeļdārzs\"", "Biedrība \"Kurzemes jūrmala\"", "SIA \"Ķīšezera būve\"",
            "Zemnieku saimniecība \"Lejnieki\""};

    private DemoCases() {
    }

    /**
     * {@code perMunicipality} cases for each of {@code municipalities}, received over the 180 days
     * before {@code now}; nothing happens after {@code now}.
     */
    public static List<Planned> plan(List<String> municipalities, List<Service> services, Instant now, int perMunicipality, long seed) {
        if (services.isEmpty()) {
            throw new IllegalArgumentException("no services to plan demo cases for");
        }
        Random random = new Random(seed);
        Set<String> codes = new HashSet<>();
        List<Planned> planned = new ArrayList<>();
        for (String municipality : municipalities) {
            String actor = "janis.berzins@" + municipality + ".lv";
            for (int i = 0; i < perMunicipality; i++) {
                Service service = services.get(random.nextInt(services.size()));
                List<Channel> offered = List.copyOf(service.channels());
                Channel channel = offered.get(random.nextInt(offered.size()));
                Instant received = workingHour(now.minus(Duration.ofMinutes(random.nextLong(Duration.ofDays(180).toMinutes()))), random);
                if (received.isAfter(now)) {
                    received = now.minus(Duration.ofHours(1));
                }
                planned.add(new Planned(municipality, service, channel, client(random, codes), received, actor,
                        history(random, received, now, actor)));
            }
        }
        return planned;
    }

    /** Within a Riga working day, 8:00–17:00, on the same date. */
    private static Instant workingHour(Instant at, Random random) {
        ZonedDateTime local = at.atZone(RIGA);
        return local.withHour(8 + random.nextInt(9)).withMinute(random.nextInt(60)).toInstant();
    }

    /** Mostly delivered; some rejected or withdrawn; the rest stopped at a stage, the younger the more likely. */
    private static List<StatusChange> history(Random random, Instant received, Instant now, String actor) {
        List<CaseStatus> path = new ArrayList<>(List.of(CaseStatus.IN_PROGRESS, CaseStatus.FORWARDED, CaseStatus.RESULT_READY,
                CaseStatus.DELIVERED));
        int roll = random.nextInt(100);
        if (roll < 8) {
            path = new ArrayList<>(List.of(CaseStatus.IN_PROGRESS, CaseStatus.REJECTED));
        } else if (roll < 12) {
            path = new ArrayList<>(List.of(CaseStatus.WITHDRAWN));
        } else if (roll < 40) {
            path = new ArrayList<>(path.subList(0, random.nextInt(path.size())));
        }
        List<StatusChange> changes = new ArrayList<>();
        CaseStatus from = CaseStatus.RECEIVED;
        Instant at = received;
        for (CaseStatus to : path) {
            at = at.plus(Duration.ofMinutes(5 + random.nextLong(to == CaseStatus.RESULT_READY ? 10 * 24 * 60 : 2 * 24 * 60)));
            if (at.isAfter(now)) {
                break;
            }
            Workflow.requireAllowed(from, to);
            changes.add(new StatusChange(from, to, at, actor, null));
            from = to;
        }
        return changes;
    }

    private static Client client(Random random, Set<String> codes) {
        if (random.nextInt(10) == 0) {
            String number;
            do {
                number = "4000" + String.format(Locale.ROOT, "%07d", random.nextInt(10_000_000));
            } while (!codes.add(number));
            String name = ORGANISATIONS[random.nextInt(ORGANISATIONS.length)];
            return new Client.Organisation(RegistrationNumber.parse(number), name, new Contact("birojs@example.lv", "+37163200000"));
        }
        String[] person = PEOPLE[random.nextInt(PEOPLE.length)];
        PersonalCode code;
        do {
            code = random.nextBoolean() ? newFormCode(random) : oldFormCode(random);
        } while (!codes.add(code.canonical()));
        String mailbox = fold(person[0]) + "." + fold(person[1]) + random.nextInt(1000);
        return new Client.Person(code, person[0], person[1],
                new Contact(mailbox + "@example.lv", "+3712" + String.format(Locale.ROOT, "%07d", random.nextInt(10_000_000))));
    }

    private static PersonalCode newFormCode(Random random) {
        return PersonalCode.parse("32" + String.format(Locale.ROOT, "%09d", random.nextInt(1_000_000_000)));
    }

    /** Born 1940–2005; the serial tried until one has a check digit (for some the formula gives 10). */
    private static PersonalCode oldFormCode(Random random) {
        LocalDate born = LocalDate.of(1940, 1, 1).plusDays(random.nextInt(66 * 365));
        String date = String.format(Locale.ROOT, "%02d%02d%02d", born.getDayOfMonth(), born.getMonthValue(), born.getYear() % 100);
        int century = born.getYear() < 2000 ? 1 : 2;
        while (true) {
            String serial = String.format(Locale.ROOT, "%d%03d", century, random.nextInt(1000));
            for (int check = 0; check <= 9; check++) {
                try {
                    return PersonalCode.parse(date + "-" + serial + check);
                } catch (InvalidPersonalCodeException wrongCheckDigit) {
                    // the next digit
                }
            }
        }
    }

    /** ASCII for an e-mail address: Bērziņš → berzins. */
    private static String fold(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }
}
