package org.desi.catalogs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.desi.catalogs.core.util.LongHashSet;
import org.junit.jupiter.api.Test;

class LongHashSetTest {

    @Test
    void agreesWithHashSetOnSeededValuesIncludingExtremes() {
        Random rnd = new Random(7);
        LongHashSet set = new LongHashSet(4);
        Set<Long> reference = new HashSet<>();
        long[] specials = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1};
        for (long s : specials) {
            assertEquals(reference.add(s), set.add(s));
        }
        for (int i = 0; i < 200_000; i++) {
            long v = rnd.nextInt(150_000) + 39627000000000000L;
            assertEquals(reference.add(v), set.add(v), "value " + v);
        }
        assertEquals(reference.size(), set.size());
        for (long v : reference) {
            assertTrue(set.contains(v));
        }
        assertFalse(set.contains(12345));
        assertFalse(set.add(Long.MIN_VALUE));
    }
}
