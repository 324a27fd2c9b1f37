package org.desi.catalogs.ingest.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.desi.catalogs.service.warmup.TlsCipherWarmUp;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

class LoadWarmUpTest {

    private static List<Path> warmUpFiles() throws IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("ingest-warm-up")).toList();
        }
    }

    @Test
    void theWarmUpEncodesEveryRowOfEveryPassAndLeavesNoFileBehind() throws IOException {
        List<Path> before = warmUpFiles();
        assertEquals(new LoadWarmUp.Encoded(LoadWarmUp.PASSES * (long) LoadWarmUp.ROWS,
                LoadWarmUp.PASSES * (long) LoadWarmUp.FASTSPECFIT_ROWS), LoadWarmUp.run(10, () -> false));
        assertEquals(before, warmUpFiles());
    }

    @Test
    void theWarmUpStopsBetweenPassesOnceAJobHasBegun() throws IOException {
        List<Path> before = warmUpFiles();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        // "a job has begun" from the third question on: after one generic and one FastSpecFit pass
        assertEquals(new LoadWarmUp.Encoded(LoadWarmUp.ROWS, LoadWarmUp.FASTSPECFIT_ROWS),
                LoadWarmUp.run(10, () -> asked.incrementAndGet() > 2));
        assertEquals(before, warmUpFiles());
    }

    @Test
    void theDatabaseCountsEveryByteTheWarmUpSendsThroughEachConnection() throws Exception {
        try (Connection a = TestDatabase.connect(TestDatabase.WRITER);
             Connection b = TestDatabase.connect(TestDatabase.WRITER)) {
            // PostgreSQL's length() of each 1 MiB parameter, summed: 2 connections x 3 MiB
            assertEquals(6L << 20, TlsCipherWarmUp.sendToDatabase(List.of(a, b), 3));
        }
    }
}
