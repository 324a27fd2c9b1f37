package org.desi.catalogs.core.sky;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The sky cells (HEALPix nested, one order) that hold at least one position: what a catalog covers,
 * the space part of an IVOA MOC 2.0. One bit per cell, so memory is fixed by the order whatever the
 * number of rows (order 10: 12.6 M cells, 1.5 MiB).
 */
public final class SkyCoverage {

    /** Deepest order kept as a bitmap (order 11: 50 M cells, 6 MiB). */
    public static final int MAX_BITMAP_ORDER = 11;

    private final int order;
    private final BitSet cells;

    public SkyCoverage(int order) {
        if (order < 0 || order > MAX_BITMAP_ORDER) {
            throw new IllegalArgumentException("coverage order " + order + " outside 0.." + MAX_BITMAP_ORDER);
        }
        this.order = order;
        this.cells = new BitSet();
    }

    private SkyCoverage(int order, BitSet cells) {
        this.order = order;
        this.cells = cells;
    }

    public int order() {
        return order;
    }

    /** Marks the cell holding the position (degrees; Dec -90..90). */
    public void add(double raDeg, double decDeg) {
        cells.set((int) HealpixNested.cell(order, raDeg, decDeg));
    }

    /** True when the cell holding the position (degrees; Dec -90..90) is covered. */
    public boolean contains(double raDeg, double decDeg) {
        return cells.get((int) HealpixNested.cell(order, raDeg, decDeg));
    }

    /** True when any of {@code cellsAtThisOrder} is covered. */
    public boolean coversAnyOf(long[] cellsAtThisOrder) {
        for (long c : cellsAtThisOrder) {
            if (cells.get((int) c)) {
                return true;
            }
        }
        return false;
    }

    /** Adds every cell of {@code other} (same order). */
    public void addAll(SkyCoverage other) {
        if (other.order != order) {
            throw new IllegalArgumentException("cannot merge coverage of order " + other.order + " into order " + order);
        }
        cells.or(other.cells);
    }

    /** The same coverage at a coarser (or the same) order: a cell is in when any of its sub-cells is. */
    public SkyCoverage degradedTo(int coarserOrder) {
        if (coarserOrder < 0 || coarserOrder > order) {
            throw new IllegalArgumentException("cannot degrade coverage of order " + order + " to order " + coarserOrder);
        }
        if (coarserOrder == order) {
            return this;
        }
        int shift = 2 * (order - coarserOrder);
        BitSet coarse = new BitSet();
        for (int c = cells.nextSetBit(0); c >= 0; c = cells.nextSetBit(c + 1)) {
            coarse.set(c >>> shift);
            c = (((c >>> shift) + 1) << shift) - 1;   // skip the rest of this coarse cell
        }
        return new SkyCoverage(coarserOrder, coarse);
    }

    public boolean isEmpty() {
        return cells.isEmpty();
    }

    /** Number of covered cells at this order. */
    public long cellCount() {
        return cells.cardinality();
    }

    /** Covered area [deg^2] at this order. */
    public double areaDeg2() {
        return cellCount() * HealpixNested.cellAreaDeg2(order);
    }

    /**
     * The coverage as a MOC of at most {@code mocOrder} (<= this order): a cell at {@code mocOrder}
     * is in when any of its sub-cells is; then every 4 siblings present are replaced by their parent
     * (the unique normalized form of MOC 2.0). Element i holds the cells of order i, ascending.
     */
    public List<long[]> normalizedMoc(int mocOrder) {
        if (mocOrder < 0 || mocOrder > order) {
            throw new IllegalArgumentException("MOC order " + mocOrder + " outside 0.." + order);
        }
        int shift = 2 * (order - mocOrder);
        long[] level = new long[16];
        int n = 0;
        long last = -1;
        for (int c = cells.nextSetBit(0); c >= 0; c = cells.nextSetBit(c + 1)) {
            long coarse = (long) c >>> shift;
            if (coarse != last) {
                if (n == level.length) {
                    level = java.util.Arrays.copyOf(level, n * 2);
                }
                level[n++] = coarse;
                last = coarse;
            }
            // skip the rest of this coarse cell's sub-cells at once
            long nextCoarseStart = (coarse + 1) << shift;
            if (nextCoarseStart > Integer.MAX_VALUE) {
                break;
            }
            c = (int) nextCoarseStart - 1;
        }
        long[][] byOrder = new long[mocOrder + 1][];
        long[] current = java.util.Arrays.copyOf(level, n);
        List<Long> parents = new ArrayList<>();
        for (int o = mocOrder; o > 0; o--) {
            long[] kept = new long[current.length];
            int k = 0;
            parents.clear();
            int i = 0;
            while (i < current.length) {
                long parent = current[i] >>> 2;
                if (i + 3 < current.length && current[i + 3] == (parent << 2) + 3 && current[i] == parent << 2) {
                    parents.add(parent);   // all four children (sorted, distinct) are present
                    i += 4;
                } else {
                    kept[k++] = current[i++];
                }
            }
            byOrder[o] = java.util.Arrays.copyOf(kept, k);
            current = parents.stream().mapToLong(Long::longValue).toArray();
        }
        byOrder[0] = current;
        return List.of(byOrder);
    }

    /** A compact serialized form: the order, then the deflated bitmap. */
    public byte[] toBytes() {
        byte[] raw = cells.toByteArray();
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 8 + 64);
        out.write(order);
        byte[] buf = new byte[64 * 1024];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /** Reads what {@link #toBytes()} wrote. */
    public static SkyCoverage fromBytes(byte[] bytes) {
        int order = bytes[0];
        if (order < 0 || order > MAX_BITMAP_ORDER) {
            throw new IllegalArgumentException("stored coverage has order " + order + ", outside 0.." + MAX_BITMAP_ORDER);
        }
        Inflater inf = new Inflater();
        inf.setInput(bytes, 1, bytes.length - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        try {
            while (!inf.finished()) {
                int got = inf.inflate(buf);
                if (got == 0 && !inf.finished() && (inf.needsInput() || inf.needsDictionary())) {
                    throw new IllegalArgumentException("stored coverage is truncated");
                }
                out.write(buf, 0, got);
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("stored coverage is corrupt: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
        return new SkyCoverage(order, BitSet.valueOf(out.toByteArray()));
    }
}
