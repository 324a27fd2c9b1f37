package org.desi.catalogs.service.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL's parallel workers for the index builds of one transaction ({@code max_parallel_maintenance_workers},
 * set LOCAL). Why the services set it: on two cores shared by the service, its client and PostgreSQL, the
 * default (2 workers per build) made a 1.08 GB FastSpecFit file's first job about 0.26 s slower (bench/HISTORY.md,
 * session 27); a server with idle cores may build faster with more.
 */
public final class IndexBuildWorkers {

    /** PostgreSQL's own bounds for the setting. */
    public static final int MIN = 0;
    public static final int MAX = 1024;

    private IndexBuildWorkers() {
    }

    /**
     * Refuses a value PostgreSQL would refuse, naming the setting and the valid range (at startup, rather than
     * failing every job).
     */
    public static int require(int workers, String settingName) {
        if (workers < MIN || workers > MAX) {
            throw new IllegalStateException(settingName + "=" + workers + " is outside " + MIN + ".." + MAX
                    + " (PostgreSQL's max_parallel_maintenance_workers)");
        }
        return workers;
    }

    /** Sets the workers for the rest of {@code tx}'s transaction (auto-commit off). */
    public static void setLocal(Connection tx, int workers) throws SQLException {
        try (Statement s = tx.createStatement()) {
            s.execute("SET LOCAL max_parallel_maintenance_workers = " + require(workers, "workers"));
        }
    }
}
