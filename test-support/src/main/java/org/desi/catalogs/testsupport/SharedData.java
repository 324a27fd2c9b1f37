package org.desi.catalogs.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real data files in {@code ../shared/data} beside the checkout (see its DATA-SOURCES.md). */
public final class SharedData {

    private SharedData() {
    }

    /** The shared data directory, found by walking up from the working directory. */
    public static Path dir() {
        String override = System.getenv("DESI_SHARED_DATA");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path candidate = p.resolve("../shared/data").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("../shared/data not found above " + Path.of("").toAbsolutePath()
                + "; set DESI_SHARED_DATA");
    }

    public static Path file(String relative) {
        Path f = dir().resolve(relative);
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException("missing shared data file " + f);
        }
        return f;
    }
}
