package lv.pasvaldibas.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import lv.pasvaldibas.trust.AccessDecision;
import lv.pasvaldibas.trust.Trust;
import lv.pasvaldibas.trust.TrustActor;
import lv.pasvaldibas.trust.TrustLifecycle;
import lv.pasvaldibas.trust.TrustState;

/**
 * The access decision alone (what a sign-in to a municipality's client adds once the trusts are in
 * the node's cache): 1,000 trusts over 120 municipalities against the anchor of no trusts at all,
 * in the same run, repeats interleaved. Prints p50 and p99 per decision.
 */
public final class TrustDecisionBenchmark {

    static final int MUNICIPALITIES = 120;
    static final int TRUSTS = 1000;
    static final int DECISIONS = 200_000;
    static final int REPEATS = 5;

    public static void main(String[] args) {
        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        Map<String, String> directories = new HashMap<>();
        for (int m = 0; m < MUNICIPALITIES; m++) {
            directories.put("d" + m, "m" + m);
        }
        List<Trust> trusts = new ArrayList<>();
        for (int i = 0; i < TRUSTS; i++) {
            int resource = i % MUNICIPALITIES;
            int account = (i * 7 + 1) % MUNICIPALITIES == resource ? (resource + 1) % MUNICIPALITIES : (i * 7 + 1) % MUNICIPALITIES;
            Trust draft = new Trust("t" + i, "m" + resource, "d" + account, "m" + account, false, Set.of("g" + (i % 5), "vpvkac"),
                    Map.of("m" + resource + "-portal", Set.of("viewer")), now.minusSeconds(3600), null, i % 3 == 0,
                    TrustState.PROPOSED, null, null, null, List.of());
            trusts.add(TrustLifecycle.approve(new TrustActor("b", "b", "m" + account),
                    TrustLifecycle.propose(new TrustActor("a", "a", "m" + resource), draft, now), now));
        }
        AccessDecision loaded = new AccessDecision(trusts, directories);
        AccessDecision empty = new AccessDecision(List.of(), directories);
        List<AccessDecision.Request> requests = new ArrayList<>();
        // half the sign-ins are admitted by a trust (users of each trust's account side), half are strangers
        for (int i = 0; i < 1000; i++) {
            Trust t = trusts.get(i);
            requests.add(i % 2 == 0
                    ? new AccessDecision.Request(t.trustedMunicipality(), t.trustedDirectory(), Set.of("vpvkac"),
                            t.trustingMunicipality() + "-portal", t.trustingMunicipality())
                    : new AccessDecision.Request("m" + (i % MUNICIPALITIES), "d" + (i % MUNICIPALITIES), Set.of("g" + (i % 7)),
                            "m" + ((i * 13) % MUNICIPALITIES) + "-portal", "m" + ((i * 13) % MUNICIPALITIES)));
        }
        measure(loaded, requests, now);
        measure(empty, requests, now); // warm-up
        System.out.println("| trusts | repeat | p50 µs | p99 µs | admitted % |");
        System.out.println("|---|---|---|---|---|");
        List<Double> p99Loaded = new ArrayList<>();
        List<Double> p99Empty = new ArrayList<>();
        for (int r = 1; r <= REPEATS; r++) {
            double[] l = measure(loaded, requests, now);
            double[] e = measure(empty, requests, now);
            p99Loaded.add(l[1]);
            p99Empty.add(e[1]);
            System.out.printf(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.0f |%n", TRUSTS, r, l[0], l[1], l[2]);
            System.out.printf(Locale.ROOT, "| 0 | %d | %.2f | %.2f | %.0f |%n", r, e[0], e[1], e[2]);
        }
        System.out.printf(Locale.ROOT, "median p99: %.2f µs with %d trusts, %.2f µs with none%n", median(p99Loaded), TRUSTS, median(p99Empty));
    }

    /** p50 and p99 of one decision in µs, and the share of requests admitted through a trust. */
    private static double[] measure(AccessDecision decision, List<AccessDecision.Request> requests, Instant now) {
        long[] nanos = new long[DECISIONS];
        int allowed = 0;
        for (int i = 0; i < DECISIONS; i++) {
            long t0 = System.nanoTime();
            AccessDecision.Access a = decision.decide(requests.get(i % requests.size()), now);
            nanos[i] = System.nanoTime() - t0;
            if (a instanceof AccessDecision.Access.ViaTrust) {
                allowed++;
            }
        }
        Arrays.sort(nanos);
        return new double[] {nanos[DECISIONS / 2] / 1e3, nanos[(int) (DECISIONS * 0.99)] / 1e3, 100.0 * allowed / DECISIONS};
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
