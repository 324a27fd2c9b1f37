package org.desi.catalogs.service.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A transaction that is rolled back when it is closed without a commit, declared after its connection in
 * the same try-with-resources:
 * <pre>{@code try (Connection c = db.getConnection(); TransactionScope tx = TransactionScope.begin(c)) { ...; c.commit(); }}</pre>
 *
 * <p>Why: the pool (Agroal) COMMITS a transaction left open when its connection is closed: it restores
 * auto-commit on the way back, and turning auto-commit on commits (JDBC). An exception the code does not
 * catch, or an Error (out of memory, a stack overflow) unwinding a load past its rollback, would otherwise
 * make half a load visible ({@code UnfinishedTransactionTest} shows both).
 */
public final class TransactionScope implements AutoCloseable {

    private final Connection connection;

    private TransactionScope(Connection connection) {
        this.connection = connection;
    }

    /** Turns auto-commit off on {@code connection}: what follows is one transaction until a commit. */
    public static TransactionScope begin(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        return new TransactionScope(connection);
    }

    /**
     * Rolls back what was not committed (after a commit, nothing: the driver has no transaction open). A
     * rollback that fails (the connection broke) is not reported: the work it carried was not committed, and
     * a caller whose own commit succeeded must not see its job fail afterwards. Such a connection is aborted,
     * so that the pool cannot restore auto-commit on it (and with it commit).
     */
    @Override
    public void close() {
        try {
            if (!connection.isClosed() && !connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException rollbackFailed) {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException abortFailed) {
                rollbackFailed.addSuppressed(abortFailed);   // the server ends the transaction with the connection
            }
        }
    }
}
