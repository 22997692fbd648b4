package lv.pasvaldibas.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** A server distribution zip (Keycloak's, WildFly's) unpacked for one test environment. */
final class Distribution {

    private Distribution() {
    }

    /**
     * Unpacks {@code zip} into {@code home} without its top folder ({@code keycloak-26.x.y/},
     * {@code wildfly-39.x/}) and makes its shell scripts executable, which zip entries do not record.
     */
    static Path unpack(Path zip, Path home) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Files.createDirectories(home);
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName().substring(entry.getName().indexOf('/') + 1);
                if (name.isEmpty()) {
                    continue;
                }
                Path target = home.resolve(name).normalize();
                if (!target.startsWith(home)) {
                    throw new IOException("Zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    if (name.endsWith(".sh")) {
                        target.toFile().setExecutable(true);
                    }
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack " + zip, e);
        }
    }
}
