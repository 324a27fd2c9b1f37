package org.desi.catalogs.service.warmup;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Encrypts in TLS-record-sized pieces with AES-GCM, what the JDK's TLS does to every byte a service
 * sends PostgreSQL over an encrypted connection (the lab's is verify-full): part of a service's
 * startup warm-up. Measured on a pod's first ingest job with TLS on, the JDK's still interpreted
 * GHASH and AES-CTR took more of the worker's CPU than encoding the rows (2.6 s against 1.1 s with
 * this warm-up); a cross-match's COPY of its pairs goes the same way.
 */
public final class TlsCipherWarmUp {

    private static final Logger LOG = Logger.getLogger(TlsCipherWarmUp.class);
    /**
     * MiB {@link #sendThroughPool} sends through each of its two connections: 4,000 TLS records each. Without it,
     * C2 compiled the record layer's {@code encrypt} during a pod's first or second wide-file ingest job (1.0 s of
     * CPU); with it, fresh ingest-services' first jobs took 1.32-1.88 s (median 1.38 s) against 1.60-1.88 s
     * (median 1.70 s), six of each, alternating (session 23).
     */
    static final int SENT_MEBIBYTES = 64;

    /** TLS 1.3's largest record [bytes]. */
    private static final int RECORD_BYTES = 16 * 1024;

    private TlsCipherWarmUp() {
    }

    /** Encrypts {@code mebibytes} MiB as 16 KiB records, each with a fresh nonce; false if AES-GCM is unavailable. */
    public static boolean encrypt(int mebibytes) {
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
            byte[] record = new byte[RECORD_BYTES];
            byte[] sealed = new byte[RECORD_BYTES + 16];
            byte[] nonce = new byte[12];
            int records = mebibytes * (1024 * 1024 / RECORD_BYTES);
            for (int i = 0; i < records; i++) {
                ByteBuffer.wrap(nonce).putInt(8, i);   // GCM refuses a nonce used before with the same key
                gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                gcm.doFinal(record, 0, record.length, sealed, 0);
            }
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * What a warm-up calls after its requests to itself (whose new TLS sessions, the reactive client's, take a
     * branch of the record layer that would otherwise throw its compiled code away later): {@link
     * #sendToDatabase} through two connections of {@code db} held at once, {@link #SENT_MEBIBYTES} each. A
     * database that cannot be reached only loses this part of the warm-up; returns the bytes counted, or -1.
     */
    public static long sendThroughPool(DataSource db) {
        try (Connection a = db.getConnection(); Connection b = db.getConnection()) {
            return sendToDatabase(List.of(a, b), SENT_MEBIBYTES);
        } catch (SQLException ex) {
            LOG.infof("warm-up: nothing sent to the database (%s); the first job sends cold", ex.getMessage());
            return -1;
        }
    }

    /**
     * Sends {@code mebibytes} MiB to the database through each of {@code connections} in turn, as the
     * parameter of {@code SELECT length(?)}: nothing is written. Over TLS this runs the JDK's record layer
     * ({@code SSLCipher}'s write cipher and {@code Cipher.doFinal} on buffers), which {@link #encrypt} does
     * not reach: in a pod's first wide-file job C2 compiled that {@code encrypt} for 1.0 s of CPU (HotSpot's
     * compilation log) once the COPY had sent a few thousand records. More than one connection, each with its
     * own TLS session, because a session's first record takes a branch later ones do not. Returns the bytes
     * PostgreSQL counted.
     */
    public static long sendToDatabase(List<Connection> connections, int mebibytes) throws SQLException {
        byte[] chunk = new byte[1024 * 1024];
        long counted = 0;
        for (Connection c : connections) {
            try (PreparedStatement s = c.prepareStatement("SELECT length(?)")) {
                for (int i = 0; i < mebibytes; i++) {
                    s.setBytes(1, chunk);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        counted += rs.getLong(1);
                    }
                }
            }
        }
        return counted;
    }
}
