package org.desi.catalogs.ingest.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.desi.catalogs.service.sql.IndexBuildWorkers;
import org.desi.catalogs.service.sql.TransactionScope;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The index builds' parallel workers, as a load's or a voids job's transaction sets them, on the real PostgreSQL:
 * set for that transaction only (the pooled connection goes back as it came), and a value PostgreSQL would refuse
 * is refused first, naming the setting and the range.
 */
class IndexBuildWorkersTest {

    private static String workers(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW max_parallel_maintenance_workers")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void theWorkersHoldForTheTransactionThatSetThemOnly() throws SQLException {
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER)) {
            String before = workers(c);
            for (int n : new int[] {0, 3, IndexBuildWorkers.MAX}) {
                try (TransactionScope tx = TransactionScope.begin(c)) {
                    IndexBuildWorkers.setLocal(c, n);
                    assertEquals(Integer.toString(n), workers(c));
                    c.commit();
                }
                assertEquals(before, workers(c), "back to the session's own after the commit");
            }
            try (TransactionScope tx = TransactionScope.begin(c)) {
                IndexBuildWorkers.setLocal(c, 0);
            }   // rolled back
            assertEquals(before, workers(c), "back to the session's own after a rollback");
        }
    }

    @Test
    void aValuePostgreSqlWouldRefuseIsRefusedNamingTheSettingAndTheRange() throws SQLException {
        for (int n : new int[] {-1, IndexBuildWorkers.MAX + 1, Integer.MIN_VALUE}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> IndexBuildWorkers.require(n, "DESI_INGEST_INDEX_BUILD_WORKERS"));
            assertEquals("DESI_INGEST_INDEX_BUILD_WORKERS=" + n + " is outside 0..1024 (PostgreSQL's"
                    + " max_parallel_maintenance_workers)", e.getMessage());
        }
        try (Connection c = TestDatabase.connect(TestDatabase.WRITER); TransactionScope tx = TransactionScope.begin(c)) {
            assertThrows(IllegalStateException.class, () -> IndexBuildWorkers.setLocal(c, -1));
            // the bounds are PostgreSQL's own: it takes both ends
            IndexBuildWorkers.setLocal(c, IndexBuildWorkers.MIN);
            IndexBuildWorkers.setLocal(c, IndexBuildWorkers.MAX);
        }
    }
}
