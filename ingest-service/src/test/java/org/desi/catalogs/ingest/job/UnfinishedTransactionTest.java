package org.desi.catalogs.ingest.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.desi.catalogs.service.sql.TransactionScope;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.junit.jupiter.api.Test;

/**
 * What the pool does with a transaction left open when its connection is closed (as when an Error unwinds
 * a load past its rollback): it commits it. {@link TransactionScope} rolls such a transaction back.
 */
@QuarkusTest
@QuarkusTestResource(MigratedDatabase.class)
class UnfinishedTransactionTest {

    @Inject
    AgroalDataSource db;

    private long rows(String table) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void thePoolCommitsATransactionLeftOpenAndTheScopeRollsItBack() throws Exception {
        String table = "catalog_data.unfinished_tx_" + System.nanoTime();
        execute("CREATE TABLE " + table + " (x int)");
        try {
            // without the scope: the pool's close commits the half-done work (why TransactionScope exists)
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO " + table + " VALUES (1)");
                }
            }
            assertEquals(1, rows(table));
            // with it: an Error unwinding the block leaves nothing
            assertThrows(StackOverflowError.class, () -> {
                try (Connection c = db.getConnection(); TransactionScope tx = TransactionScope.begin(c);
                     Statement s = c.createStatement()) {
                    s.execute("INSERT INTO " + table + " VALUES (2)");
                    throw new StackOverflowError("as a load's Error would");
                }
            });
            assertEquals(1, rows(table));
            // and a committed scope keeps its work
            try (Connection c = db.getConnection(); TransactionScope tx = TransactionScope.begin(c);
                 Statement s = c.createStatement()) {
                s.execute("INSERT INTO " + table + " VALUES (3)");
                c.commit();
            }
            assertEquals(2, rows(table));
        } finally {
            execute("DROP TABLE " + table);
        }
    }
}
