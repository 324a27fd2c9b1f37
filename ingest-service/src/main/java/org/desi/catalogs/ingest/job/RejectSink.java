package org.desi.catalogs.ingest.job;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/**
 * Collects rejected rows in a temporary file (constant memory however many there are) and copies
 * them into {@code rejected_row} inside the load transaction, so rejects and loaded rows commit
 * together.
 */
public final class RejectSink implements AutoCloseable {

    private final long runId;
    private final Path file;
    private BufferedWriter out;
    private long count;

    public RejectSink(long runId) {
        this.runId = runId;
        try {
            this.file = Files.createTempFile("rejects-" + runId + "-", ".tsv");
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps row {@code rowNumber} (1-based) of {@code hdu} with the reason and its values as JSON (or null). */
    public void reject(long rowNumber, String hdu, String reason, String valuesJson) {
        try {
            out.write(Long.toString(runId));
            out.write('\t');
            out.write(Long.toString(rowNumber));
            out.write('\t');
            out.write(escape(hdu));
            out.write('\t');
            out.write(escape(reason));
            out.write('\t');
            out.write(valuesJson == null ? "\\N" : escape(valuesJson));
            out.write('\n');
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets every reject collected so far (the file is read again from its start). */
    public void clear() {
        try {
            out.close();
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);   // truncates
            count = 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long count() {
        return count;
    }

    /** Copies the collected rejects into the database on {@code connection} (same transaction). */
    public void copyInto(Connection connection) throws SQLException {
        try {
            out.flush();
            if (count == 0) {
                return;
            }
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "COPY rejected_row (run_id, row_number, hdu, reason, raw_values) FROM STDIN", in);
            }
        } catch (IOException e) {
            throw new SQLException("cannot read the rejects file " + file, e);
        }
    }

    private static String escape(String s) {
        if (s == null) {
            return "\\N";
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        try {
            out.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // temp file: nothing else to do
        }
    }
}
