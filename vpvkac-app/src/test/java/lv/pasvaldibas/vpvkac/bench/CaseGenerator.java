package lv.pasvaldibas.vpvkac.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import lv.pasvaldibas.vpvkac.cases.CaseStatus;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.cases.Deadline;
import lv.pasvaldibas.vpvkac.cases.LatvianCalendar;
import lv.pasvaldibas.vpvkac.catalogue.CatalogueImport;
import lv.pasvaldibas.vpvkac.catalogue.Institution;
import lv.pasvaldibas.vpvkac.catalogue.Service;
import lv.pasvaldibas.vpvkac.catalogue.ServiceKind;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Years of service applications written straight into the {@code vpvkac} schema with COPY, not
 * through the application (one INSERT per row would take hours at 1,000,000 cases). Deterministic for
 * a seed. The shapes follow what a VPVKAC sees, as far as we know them:
 * <ul>
 *   <li>43 municipalities (Latvia's 7 state cities and 36 counties since 2021), cases shared by 1/rank
 *   (Zipf), {@link #MEASURED} first so the municipality the benchmark signs in to has the largest
 *   report (about 23 %); 1 to 3 centres each;</li>
 *   <li>services of the demo catalogue by 1/rank too; channels among those a service offers, in person
 *   most (55 %), then the centre's phone, e-mail, the national line and assisted e-services;</li>
 *   <li>received on working days (a few on weekends), 8:00–17:00 Riga time, spread evenly over the
 *   months; waiting log-normal around minutes (desk) to a day (e-mail); handling log-normal around
 *   45 % of the service's term, so about one case in ten is late; state services mostly forwarded to
 *   the institution; results delivered within hours (e-mail) to days (collected at the desk); 4 %
 *   rejected, 3 % withdrawn, 3 % of the results never collected; anything after {@code now} not yet
 *   happened, so the last weeks hold open cases, some overdue;</li>
 *   <li>each case's history in {@code status_change} (registration and every move, as the application
 *   writes them), its timestamps in {@code service_case} as {@code CaseEntity.apply} sets them; due day
 *   by the real {@link Deadline} rule.</li>
 * </ul>
 */
public final class CaseGenerator {

    /** The municipality the benchmark's demo users work for: given the most cases. */
    public static final String MEASURED = "ventspils";
    /** Latvia's 43 local governments (state cities, then counties), the measured one first. */
    public static final List<String> MUNICIPALITIES = List.of(MEASURED,
            "riga", "daugavpils", "jelgava", "jurmala", "liepaja", "rezekne",
            "aizkraukle", "aluksne", "augsdaugava", "adazi", "balvi", "bauska", "cesis", "dienvidkurzeme", "dobele", "gulbene",
            "jelgavas-novads", "jekabpils", "kraslava", "kuldiga", "kekava", "limbazi", "livani", "ludza", "madona", "marupe",
            "ogre", "olaine", "preili", "rezeknes-novads", "ropazi", "salaspils", "saldus", "saulkrasti", "sigulda", "smiltene",
            "talsi", "tukums", "valka", "valmiera", "varaklani", "ventspils-novads");
    private static final String[] GIVEN = {"Jānis", "Anna", "Pēteris", "Līga", "Andris", "Ilze", "Mārtiņš", "Kristīne", "Edgars", "Zane",
        "Aigars", "Inese", "Ģirts", "Ņina", "Oļegs", "Dace"};
    private static final String[] SURNAMES = {"Bērziņš", "Kalniņa", "Ozoliņš", "Liepa", "Krūmiņš", "Zariņa", "Vītols", "Jansone",
        "Ķirsis", "Eglīte", "Šmits", "Žagare", "Čakste", "Āboliņa"};
    private static final Map<Channel, Double> CHANNEL_WEIGHT = new EnumMap<>(Map.of(Channel.IN_PERSON, 55.0, Channel.CENTRE_PHONE, 15.0,
            Channel.EMAIL, 12.0, Channel.NATIONAL_PHONE_LINE, 8.0, Channel.ASSISTED_E_SERVICE, 10.0));
    /** Median minutes from registration to the first action, per channel. */
    private static final Map<Channel, Double> WAITING_MINUTES = new EnumMap<>(Map.of(Channel.IN_PERSON, 8.0, Channel.CENTRE_PHONE, 90.0,
            Channel.EMAIL, 600.0, Channel.NATIONAL_PHONE_LINE, 300.0, Channel.ASSISTED_E_SERVICE, 12.0));
    private static final int BATCH = 20_000;

    /**
     * @param cases  how many applications
     * @param months over how many months, the last being {@code now}'s (Riga time)
     * @param now    the moment nothing after has happened
     */
    public record Settings(int cases, int months, Instant now, long seed) {
    }

    /** What was written. */
    public record Result(long cases, long statusChanges, long clients, Map<String, Long> casesPerMunicipality, Map<String, List<Long>> centres,
                         Duration took) {
    }

    private record ServiceRow(String code, String institution, int deadlineDays, ServiceKind kind, List<Channel> channels) {
    }

    private CaseGenerator() {
    }

    public static Result generate(Connection connection, Settings settings) throws SQLException {
        long began = System.nanoTime();
        Random random = new Random(settings.seed());
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            ensureCatalogue(connection);
            List<ServiceRow> services = services(connection);
            Map<String, Long> perMunicipality = share(settings.cases());
            Map<String, List<Long>> centres = centres(connection);
            connection.commit();
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            long clientBase = next(connection, "client");
            long caseBase = next(connection, "service_case");

            // clients: about 2.5 applications each, of their own municipality
            Map<String, long[]> clientRange = new HashMap<>();
            StringBuilder text = new StringBuilder();
            long clientId = clientBase;
            Instant firstDay = start(settings).toInstant();
            for (String municipality : MUNICIPALITIES) {
                long count = Math.max(1, perMunicipality.get(municipality) * 2 / 5);
                clientRange.put(municipality, new long[] {clientId, count});
                for (long i = 0; i < count; i++, clientId++) {
                    String digits = String.format(Locale.ROOT, "32%09d", clientId % 1_000_000_000L);
                    String given = GIVEN[random.nextInt(GIVEN.length)];
                    String surname = SURNAMES[random.nextInt(SURNAMES.length)];
                    row(text, clientId, municipality, "PERSON", digits.substring(0, 6) + "-" + digits.substring(6),
                            String.format(Locale.ROOT, "%016x", random.nextLong()), given, surname, "klients" + clientId + "@piemers.lv",
                            "+3712" + String.format(Locale.ROOT, "%07d", clientId % 10_000_000L), firstDay);
                    if (text.length() > 4_000_000) {
                        copy(copy, "client (id, municipality, kind, personal_code, code_ref, given_name, surname, email, phone, created_at)", text);
                    }
                }
            }
            copy(copy, "client (id, municipality, kind, personal_code, code_ref, given_name, surname, email, phone, created_at)", text);

            // cases, municipality by municipality in random order of days, batches of BATCH
            List<String> owner = new ArrayList<>(settings.cases());
            perMunicipality.forEach((m, n) -> {
                for (long i = 0; i < n; i++) {
                    owner.add(m);
                }
            });
            java.util.Collections.shuffle(owner, random);
            ZonedDateTime from = start(settings);
            long days = Duration.between(from, settings.now().atZone(Deadline.ZONE)).toDays() + 1;
            Map<Long, LocalDate> dueCache = new HashMap<>();
            StringBuilder cases = new StringBuilder();
            StringBuilder changes = new StringBuilder();
            long statusChanges = 0;
            long caseId = caseBase;
            for (int n = 0; n < owner.size(); n++, caseId++) {
                String municipality = owner.get(n);
                List<Long> own = centres.get(municipality);
                long centre = own.get(Math.min(own.size() - 1, (int) Math.floor(Math.abs(random.nextGaussian()) * own.size() / 1.5)));
                ServiceRow service = services.get(zipf(random, services.size()));
                Channel channel = channel(random, service.channels());
                long[] range = clientRange.get(municipality);
                long client = range[0] + (long) (random.nextDouble() * range[1]);
                Instant received = received(random, from, days, settings.now());
                LocalDate receivedDay = received.atZone(Deadline.ZONE).toLocalDate();
                LocalDate due = dueCache.computeIfAbsent(receivedDay.toEpochDay() * 1000 + service.deadlineDays(),
                        k -> Deadline.of(received, service.deadlineDays(), LatvianCalendar.STANDARD).due());
                statusChanges += history(random, settings.now(), caseId, municipality, centre, service, channel, client, received, due,
                        cases, changes);
                if ((n + 1) % BATCH == 0 || n + 1 == owner.size()) {
                    copy(copy, "service_case (id, municipality, centre_id, service_code, institution_code, client_id, channel, status,"
                            + " assignee, notes, received_at, first_action_at, result_ready_at, delivered_at, closed_at, due_on, version)", cases);
                    copy(copy, "status_change (case_id, from_status, to_status, at, actor, note)", changes);
                }
            }
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT setval('client_id_seq', (SELECT max(id) FROM client))");
                s.execute("SELECT setval('service_case_id_seq', (SELECT max(id) FROM service_case))");
            }
            connection.commit();
            return new Result(owner.size(), statusChanges, clientId - clientBase, perMunicipality, centres,
                    Duration.ofNanos(System.nanoTime() - began));
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The first instant of the first month generated, Riga time. */
    public static ZonedDateTime start(Settings settings) {
        return YearMonth.from(settings.now().atZone(Deadline.ZONE)).minusMonths(settings.months() - 1L).atDay(1).atStartOfDay(Deadline.ZONE);
    }

    /** How many of {@code cases} each municipality gets: 1/rank, the remainder to the first. */
    public static Map<String, Long> share(int cases) {
        double harmonic = 0;
        for (int r = 1; r <= MUNICIPALITIES.size(); r++) {
            harmonic += 1.0 / r;
        }
        Map<String, Long> share = new LinkedHashMap<>();
        long given = 0;
        for (int r = MUNICIPALITIES.size(); r >= 1; r--) {
            long n = r == 1 ? cases - given : Math.round(cases / harmonic / r);
            share.put(MUNICIPALITIES.get(r - 1), n);
            given += n;
        }
        return share;
    }

    /** One case: its path through the workflow until {@code now}; returns the number of status changes written. */
    private static int history(Random random, Instant now, long id, String municipality, long centre, ServiceRow service, Channel channel,
                               long client, Instant received, LocalDate due, StringBuilder cases, StringBuilder changes) {
        String actor = municipality + "-specialist-" + (1 + random.nextInt(6)) + "@" + municipality + ".lv";
        List<Object[]> moves = new ArrayList<>();
        moves.add(new Object[] {null, CaseStatus.RECEIVED, received});
        double fate = random.nextDouble();
        Instant firstAction = received.plus(logNormal(random, Duration.ofSeconds((long) (WAITING_MINUTES.get(channel) * 60)), 1.0));
        double termDays = Math.max(0.1, service.deadlineDays() * 0.45);
        Duration handling = logNormal(random, Duration.ofSeconds((long) (termDays * 86_400)), 0.9);
        if (fate < 0.015) {
            moves.add(new Object[] {CaseStatus.RECEIVED, CaseStatus.WITHDRAWN, firstAction});
        } else {
            moves.add(new Object[] {CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS, firstAction});
            boolean forwarded = random.nextDouble() < (service.kind() == ServiceKind.STATE ? 0.8 : 0.3);
            Instant at = firstAction;
            CaseStatus last = CaseStatus.IN_PROGRESS;
            if (forwarded) {
                at = at.plus(Duration.ofSeconds((long) (handling.toSeconds() * (0.05 + 0.25 * random.nextDouble())) + 60));
                moves.add(new Object[] {last, CaseStatus.FORWARDED, at});
                last = CaseStatus.FORWARDED;
            }
            Instant ready = firstAction.plus(handling).plusSeconds(120);
            if (fate < 0.055) {
                moves.add(new Object[] {last, CaseStatus.REJECTED, at.plus(Duration.between(at, ready).dividedBy(2)).truncatedTo(java.time.temporal.ChronoUnit.MICROS)});
            } else if (fate < 0.07) {
                moves.add(new Object[] {last, CaseStatus.WITHDRAWN, at.plus(Duration.between(at, ready).dividedBy(3)).truncatedTo(java.time.temporal.ChronoUnit.MICROS)});
            } else {
                moves.add(new Object[] {last, CaseStatus.RESULT_READY, ready});
                if (fate < 0.97) {
                    boolean collected = channel == Channel.IN_PERSON || channel == Channel.CENTRE_PHONE;
                    moves.add(new Object[] {CaseStatus.RESULT_READY, CaseStatus.DELIVERED,
                        ready.plus(logNormal(random, collected ? Duration.ofHours(36) : Duration.ofMinutes(50), 0.8))});
                }
            }
        }
        Instant firstActionAt = null;
        Instant resultReadyAt = null;
        Instant deliveredAt = null;
        Instant closedAt = null;
        CaseStatus status = null;
        int written = 0;
        for (Object[] move : moves) {
            Instant at = (Instant) move[2];
            if (at.isAfter(now)) {
                break;
            }
            CaseStatus to = (CaseStatus) move[1];
            if (firstActionAt == null && to != CaseStatus.RECEIVED) {
                firstActionAt = at;
            }
            switch (to) {
                case RESULT_READY -> resultReadyAt = at;
                case DELIVERED -> {
                    deliveredAt = at;
                    closedAt = at;
                }
                case REJECTED, WITHDRAWN -> closedAt = at;
                default -> {
                }
            }
            status = to;
            row(changes, id, move[0], to, at, actor, null);
            written++;
        }
        row(cases, id, municipality, centre, service.code(), service.institution(), client, channel, status, actor, null, received,
                firstActionAt, resultReadyAt, deliveredAt, closedAt, due, 0);
        return written;
    }

    /** Log-normal around {@code median}, whole microseconds, at least one second. */
    private static Duration logNormal(Random random, Duration median, double sigma) {
        double micros = median.toNanos() / 1000.0 * Math.exp(sigma * random.nextGaussian());
        return Duration.ofNanos(Math.max(1_000_000, (long) micros) * 1000);
    }

    private static Instant received(Random random, ZonedDateTime from, long days, Instant now) {
        while (true) {
            ZonedDateTime day = from.plusDays((long) (random.nextDouble() * days));
            boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            if (weekend && random.nextDouble() < 0.9) {
                continue;
            }
            Instant at = day.plusHours(8).toInstant().plusNanos((long) (random.nextDouble() * 9 * 3600 * 1_000_000) * 1000);
            if (!at.isAfter(now)) {
                return at;
            }
        }
    }

    /** 0-based index with weight 1/(index + 1). */
    private static int zipf(Random random, int size) {
        double harmonic = 0;
        for (int r = 1; r <= size; r++) {
            harmonic += 1.0 / r;
        }
        double u = random.nextDouble() * harmonic;
        for (int r = 1; r <= size; r++) {
            u -= 1.0 / r;
            if (u <= 0) {
                return r - 1;
            }
        }
        return size - 1;
    }

    private static Channel channel(Random random, List<Channel> offered) {
        double total = offered.stream().mapToDouble(CHANNEL_WEIGHT::get).sum();
        double u = random.nextDouble() * total;
        for (Channel channel : offered) {
            u -= CHANNEL_WEIGHT.get(channel);
            if (u <= 0) {
                return channel;
            }
        }
        return offered.get(offered.size() - 1);
    }

    /** The demo catalogue, when the database has none (a database the application never started on). */
    private static void ensureCatalogue(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM service")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                return;
            }
        }
        CatalogueImport.Result catalogue;
        try (InputStream in = CaseGenerator.class.getResourceAsStream("/demo/service-catalogue.csv")) {
            catalogue = CatalogueImport.csv(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (PreparedStatement institution = connection.prepareStatement("INSERT INTO institution (code, name) VALUES (?, ?)");
             PreparedStatement service = connection.prepareStatement("INSERT INTO service (code, name_lv, name_en, institution_code, kind,"
                     + " deadline_days, channels) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Institution i : catalogue.institutions()) {
                institution.setString(1, i.code());
                institution.setString(2, i.name());
                institution.executeUpdate();
            }
            for (Service s : catalogue.services()) {
                service.setString(1, s.code());
                service.setString(2, s.name());
                service.setString(3, s.nameEn());
                service.setString(4, s.institutionCode());
                service.setString(5, s.kind().name());
                service.setInt(6, s.deadlineWorkingDays());
                service.setString(7, String.join(";", s.channels().stream().map(Channel::name).sorted().toList()));
                service.executeUpdate();
            }
        }
    }

    private static List<ServiceRow> services(Connection connection) throws SQLException {
        List<ServiceRow> services = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT code, institution_code, deadline_days, kind, channels FROM service WHERE active ORDER BY code")) {
            while (rs.next()) {
                List<Channel> channels = java.util.Arrays.stream(rs.getString(5).split(";")).map(Channel::valueOf).sorted().toList();
                services.add(new ServiceRow(rs.getString(1), rs.getString(2), rs.getInt(3), ServiceKind.valueOf(rs.getString(4)), channels));
            }
        }
        return services;
    }

    /** Each municipality's centres, added where missing: 3 for the five largest, 2 for the next ten, 1 for the others. */
    private static Map<String, List<Long>> centres(Connection connection) throws SQLException {
        Map<String, List<Long>> centres = new LinkedHashMap<>();
        try (PreparedStatement find = connection.prepareStatement("SELECT id FROM centre WHERE municipality = ? ORDER BY id");
             PreparedStatement add = connection.prepareStatement("INSERT INTO centre (municipality, name, address) VALUES (?, ?, ?) RETURNING id")) {
            for (int rank = 0; rank < MUNICIPALITIES.size(); rank++) {
                String municipality = MUNICIPALITIES.get(rank);
                List<Long> ids = new ArrayList<>();
                find.setString(1, municipality);
                try (ResultSet rs = find.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                int wanted = rank < 5 ? 3 : rank < 15 ? 2 : 1;
                for (int n = ids.size() + 1; ids.size() < wanted; n++) {
                    add.setString(1, municipality);
                    add.setString(2, "VPVKAC " + municipality + " " + n);
                    add.setString(3, "Centra iela " + n + ", " + municipality);
                    try (ResultSet rs = add.executeQuery()) {
                        rs.next();
                        ids.add(rs.getLong(1));
                    }
                }
                centres.put(municipality, ids);
            }
        }
        return centres;
    }

    private static long next(Connection connection, String table) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) + 1 FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void copy(CopyManager copy, String target, StringBuilder text) throws SQLException {
        if (text.isEmpty()) {
            return;
        }
        try {
            copy.copyIn("COPY " + target + " FROM STDIN", new java.io.ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        text.setLength(0);
    }

    /** One line of COPY's text format: tab-separated, {@code \N} for null (no value here holds a tab, newline or backslash). */
    private static void row(StringBuilder text, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append('\t');
            }
            Object value = values[i];
            text.append(value == null ? "\\N" : value instanceof Enum<?> e ? e.name() : value.toString());
        }
        text.append('\n');
    }
}
