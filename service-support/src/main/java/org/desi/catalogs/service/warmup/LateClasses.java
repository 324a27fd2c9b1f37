package org.desi.catalogs.service.warmup;

import java.nio.ByteBuffer;

/**
 * Loads, before a warm-up compiles anything, JDK classes a running service only meets later and whose
 * loading throws compiled code away. C2 inlines {@code ByteBuffer.putInt} and its kind on the
 * assumption (class hierarchy analysis) that {@code HeapByteBuffer} has no subclass overriding them;
 * the first read-only buffer ({@code HeapByteBufferR}, made by the network stack some seconds after
 * startup) breaks it, and every method that inlined them is deoptimized. Measured with
 * {@code -XX:+LogCompilation}: 17 s after start, after the warm-ups, the COPY encoding of ingest
 * ({@code FastSpecFitRowEncoder.writeRow}, {@code GenericRowEncoder.write}, {@code PgBinaryCopyWriter.write*})
 * and of cross-match ({@code VoidPartition.Rows.drain}) were made not entrant, and a pod's first 1M-row
 * FastSpecFit load ran them in C1 code until C2 had compiled them again (0.7-1.0 s of C2 CPU on the
 * two cores the load shares with PostgreSQL). The direct buffers' read-only subclass likewise.
 */
final class LateClasses {

    private static volatile boolean loaded;

    private LateClasses() {
    }

    /** Loads them (once; cheap). */
    static void load() {
        if (!loaded) {
            ByteBuffer.allocate(8).asReadOnlyBuffer();
            ByteBuffer.allocateDirect(8).asReadOnlyBuffer();
            loaded = true;
        }
    }
}
