package org.desi.catalogs.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CatalogSchemaTest {

    private static final Pattern VERSIONED = Pattern.compile("^V(\\d+)__.+\\.sql$");

    @Test
    void expectedVersionIsTheHighestMigrationShipped() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getClassLoader().getResource("db/migration").toURI());
        List<Integer> versions;
        try (Stream<Path> files = Files.list(dir)) {
            versions = files.map(f -> VERSIONED.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .sorted()
                    .toList();
        }
        assertFalse(versions.isEmpty(), "no migrations found in " + dir);
        assertEquals(versions.get(versions.size() - 1), CatalogSchema.EXPECTED_VERSION,
                "CatalogSchema.EXPECTED_VERSION must name the newest migration");
        for (int i = 0; i < versions.size(); i++) {
            assertEquals(i + 1, versions.get(i), "migration versions must be contiguous from 1: " + versions);
        }
    }

    @Test
    void migrationsUseOnlyTheDeclaredRolePlaceholders() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getClassLoader().getResource("db/migration").toURI());
        Pattern placeholder = Pattern.compile("\\$\\{([^}]+)}");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Matcher m = placeholder.matcher(Files.readString(f));
                while (m.find()) {
                    String name = m.group(1);
                    boolean known = name.startsWith("flyway:")
                            || CatalogSchema.placeholders("w", "r").containsKey(name);
                    assertFalse(!known, f.getFileName() + " uses unknown placeholder " + name);
                }
            }
        }
    }
}
