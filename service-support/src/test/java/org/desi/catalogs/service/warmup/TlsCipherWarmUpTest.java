package org.desi.catalogs.service.warmup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TlsCipherWarmUpTest {

    @Test
    void encryptsEveryRecordWithAFreshNonce() {
        // the JDK refuses a GCM nonce reused with the same key: a warm-up reusing one would stop at record 2
        assertTrue(TlsCipherWarmUp.encrypt(2));
    }
}
