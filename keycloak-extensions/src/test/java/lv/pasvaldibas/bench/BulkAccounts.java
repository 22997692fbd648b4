package lv.pasvaldibas.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import lv.pasvaldibas.testsupport.LdifBuilder;
import lv.pasvaldibas.testsupport.Slapd;

/**
 * Loads many accounts into a running benchmark directory with {@code slapadd} instead of
 * {@code ldapadd}: 10,000 accounts in each of 43 directories take a few seconds per directory this
 * way, where ldapadd (one protocol operation per entry, the memberof overlay updating every member
 * when the group arrives) takes minutes. The directory's process is stopped for the load and started
 * again. Overlays do not run during slapadd, so each entry is written with its {@code memberOf}
 * value, as the memberof overlay would have set it.
 */
final class BulkAccounts {

    static final Path SLAPADD = Path.of("/usr/sbin/slapadd");

    private BulkAccounts() {
    }

    /**
     * Adds the people and groups of {@code full} (an LdifBuilder with the accounts) to directory
     * {@code id}, which slapd already serves with the same base entries.
     *
     * @param slapdWork the folder given to {@code Slapd.Builder.start} (started with processPerDirectory)
     */
    static void load(Slapd slapd, Path slapdWork, String id, LdifBuilder full) {
        String suffix = full.suffix();
        StringBuilder ldif = new StringBuilder();
        for (String entry : full.build().split("\n\n")) {
            String dnLine = entry.lines().findFirst().orElse("");
            boolean person = dnLine.endsWith(",ou=people," + suffix);
            boolean group = dnLine.endsWith(",ou=groups," + suffix);
            if (!person && !group) {
                continue; // base entries: loaded already
            }
            ldif.append(entry);
            if (person) {
                ldif.append("\nmemberOf: cn=darbinieki,ou=groups,").append(suffix);
            }
            ldif.append("\n\n");
        }
        Path conf = slapdWork.resolve("slapd-" + id).resolve("slapd.conf");
        Path file = slapdWork.resolve("bulk-" + id + ".ldif");
        try {
            Files.writeString(file, ldif, StandardCharsets.UTF_8);
            slapd.stop(id);
            Process p = new ProcessBuilder(SLAPADD.toString(), "-q", "-f", conf.toString(), "-b", suffix, "-l", file.toString())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("slapadd into " + id + " failed: " + output);
            }
            Files.delete(file);
            slapd.restart(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
