package org.desi.catalogs.service.warmup;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Loads, before a warm-up compiles anything, JDK classes a running service only meets later and whose
 * loading throws compiled code away. C2 inlines a virtual call on the assumption (class hierarchy
 * analysis) that the classes loaded so far are all there are; loading another subclass breaks it, and
 * every method that inlined the call is deoptimized, to be compiled again by a pod's first job on the
 * cores it shares with PostgreSQL. Measured with {@code -XX:+PrintCompilation} and {@code -Xlog:class+load}:
 * <ul>
 * <li>{@code ByteBuffer.putInt} and its kind: the first read-only buffer ({@code HeapByteBufferR}, made by
 * the network stack some seconds after startup) deoptimized the COPY encoding of ingest and of cross-match
 * (0.7-1.0 s of C2 CPU in a pod's first 1M-row FastSpecFit load). The direct buffers' read-only subclass likewise.</li>
 * <li>The JDK's TLS stack, first used by the warm-up's own requests (their HTTP client makes the default
 * {@code SSLContext}, which checks every cipher suite's cipher and digest): loading {@code DESCrypt} threw
 * away the AES-GCM code {@link TlsCipherWarmUp} had compiled, and {@code SHA2$SHA224} the SHA-256 code that
 * hashes every ingested file; a pod's first 1 GB FastSpecFit file hashed in C1 code until C2 caught up.
 * So the default context is made here, and every digest and cipher the providers offer is instantiated.</li>
 * </ul>
 */
final class LateClasses {

    /** The engine types whose implementations share hot, intrinsified code (DigestBase, the block-cipher modes). */
    private static final Set<String> ENGINE_TYPES = Set.of("MessageDigest", "Cipher");

    private static volatile boolean loaded;

    private LateClasses() {
    }

    /** Loads them (once; 0.25 s here, nearly all of it making the TLS context: its trust store and cipher table). */
    static void load() {
        if (!loaded) {
            ByteBuffer.allocate(8).asReadOnlyBuffer();
            ByteBuffer.allocateDirect(8).asReadOnlyBuffer();
            securityClasses();
            loaded = true;
        }
    }

    private static void securityClasses() {
        try {
            SSLContext.getDefault().createSSLEngine().getSupportedCipherSuites();
        } catch (GeneralSecurityException | RuntimeException e) {
            // no default TLS context here (a broken trust store, say): nothing of it will be loaded later either
        }
        for (Provider provider : Security.getProviders()) {
            for (Provider.Service service : provider.getServices()) {
                if (ENGINE_TYPES.contains(service.getType())) {
                    try {
                        service.newInstance(null);
                    } catch (GeneralSecurityException | RuntimeException e) {
                        // not usable in this JVM (a hardware token's, say): never loaded later either
                    }
                }
            }
        }
    }
}
