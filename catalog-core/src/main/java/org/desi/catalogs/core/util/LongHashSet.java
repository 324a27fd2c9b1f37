package org.desi.catalogs.core.util;

/**
 * An open-addressing set of primitive longs: 8 bytes per slot instead of ~50 for a boxed HashSet,
 * so duplicate-id checks over millions of TARGETIDs stay inside a small heap.
 */
public final class LongHashSet {

    private static final long EMPTY = Long.MIN_VALUE;

    private long[] slots;
    private int size;
    private boolean hasEmptyKey;

    public LongHashSet(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, (int) Math.min(1L << 30, expected * 2L)) - 1) << 1;
        slots = new long[cap];
        java.util.Arrays.fill(slots, EMPTY);
    }

    /** Adds {@code v}; false when it was already present. */
    public boolean add(long v) {
        if (v == EMPTY) {
            boolean added = !hasEmptyKey;
            hasEmptyKey = true;
            size += added ? 1 : 0;
            return added;
        }
        if ((size + 1) * 2L > slots.length) {
            grow();
        }
        return insert(v);
    }

    public boolean contains(long v) {
        if (v == EMPTY) {
            return hasEmptyKey;
        }
        int mask = slots.length - 1;
        for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == v) {
                return true;
            }
            if (s == EMPTY) {
                return false;
            }
        }
    }

    public int size() {
        return size;
    }

    private boolean insert(long v) {
        int mask = slots.length - 1;
        for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == v) {
                return false;
            }
            if (s == EMPTY) {
                slots[i] = v;
                size++;
                return true;
            }
        }
    }

    private void grow() {
        long[] old = slots;
        long[] bigger = new long[old.length * 2];
        java.util.Arrays.fill(bigger, EMPTY);
        slots = bigger;
        for (long v : old) {
            if (v != EMPTY) {
                int mask = bigger.length - 1;
                int i = mix(v) & mask;
                while (bigger[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                bigger[i] = v;
            }
        }
    }

    private static int mix(long v) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
