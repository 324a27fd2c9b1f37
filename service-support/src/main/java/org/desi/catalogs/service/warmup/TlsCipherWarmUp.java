package org.desi.catalogs.service.warmup;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts in TLS-record-sized pieces with AES-GCM, what the JDK's TLS does to every byte a service
 * sends PostgreSQL over an encrypted connection (the lab's is verify-full): part of a service's
 * startup warm-up. Measured on a pod's first ingest job with TLS on, the JDK's still interpreted
 * GHASH and AES-CTR took more of the worker's CPU than encoding the rows (2.6 s against 1.1 s with
 * this warm-up); a cross-match's COPY of its pairs goes the same way.
 */
public final class TlsCipherWarmUp {

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
     * Sends {@code mebibytes} MiB to the database through each of {@code connections} in turn (all held
     * at once, so the pool gives distinct ones, each with its own TLS session), as the parameter of
     * {@code SELECT length(?)}: nothing is written. Over TLS this runs the JDK's record layer
     * ({@code SSLCipher}'s write cipher and {@code Cipher.doFinal} on buffers), which {@link #encrypt} does
     * not reach: in a pod's first wide-file job C2 compiled that {@code encrypt} for 1.0 s of CPU (HotSpot's
     * compilation log) once the COPY had sent a few thousand records. More than one connection, because a
     * session's first record takes a branch later ones do not. Returns the bytes PostgreSQL counted.
     */
    public static long sendToDatabase(java.util.List<java.sql.Connection> connections, int mebibytes)
            throws java.sql.SQLException {
        byte[] chunk = new byte[1024 * 1024];
        long counted = 0;
        for (java.sql.Connection c : connections) {
            try (java.sql.PreparedStatement s = c.prepareStatement("SELECT length(?)")) {
                for (int i = 0; i < mebibytes; i++) {
                    s.setBytes(1, chunk);
                    try (java.sql.ResultSet rs = s.executeQuery()) {
                        rs.next();
                        counted += rs.getLong(1);
                    }
                }
            }
        }
        return counted;
    }
}
