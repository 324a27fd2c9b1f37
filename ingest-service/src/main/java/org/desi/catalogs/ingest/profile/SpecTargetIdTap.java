package org.desi.catalogs.ingest.profile;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.desi.catalogs.core.fits.BinaryTableLayout;
import org.desi.catalogs.core.fits.FileArrival;
import org.desi.catalogs.core.fits.FitsColumn;
import org.desi.catalogs.core.fits.FitsTables;

/**
 * FASTSPEC's TARGETIDs folded into {@link FastSpecFitRowEncoder#readSpec}'s fingerprint as the pass hashing a
 * data-directory file reads past them: FASTSPEC is 80% of a FastSpecFit file and the load needs only its
 * TARGETIDs, so its bytes are read from disk once instead of once for the hash and again for the check. A
 * TARGETID split between two chunks is put together first.
 */
final class SpecTargetIdTap implements ScanTap {

    private final FitsColumn targetId;
    private final long dataStart;
    private final int rowBytes;
    private final long rows;
    private final int cellBytes;
    private final ByteBuffer cell;
    private final CompletableFuture<FastSpecFitRowEncoder.SpecPass> result = new CompletableFuture<>();
    private long row;
    private int cellFilled;
    private long fingerprint;

    private SpecTargetIdTap(BinaryTableLayout spec, FitsColumn targetId) {
        this.targetId = targetId;
        this.dataStart = spec.hdu().dataOffset();
        this.rowBytes = spec.rowBytes();
        this.rows = spec.rowCount();
        this.cellBytes = targetId.elementSize();
        this.cell = ByteBuffer.allocate(cellBytes);
        if (rows == 0) {
            result.complete(new FastSpecFitRowEncoder.SpecPass(0, 0));
        }
    }

    /**
     * The tap for a complete FastSpecFit file, or null when its FASTSPEC cannot be tapped as
     * {@link FastSpecFitRowEncoder#readSpec} would read it (a table or TARGETID missing, row counts that
     * differ, headers that do not parse): the load then reads it that way and reports what is wrong.
     */
    static SpecTargetIdTap of(Path file) {
        try {
            FitsTables tables = new FitsTables(file, FileArrival.COMPLETE);
            BinaryTableLayout meta = BinaryTableLayout.of(tables.find("METADATA"));
            BinaryTableLayout spec = BinaryTableLayout.of(tables.find("FASTSPEC"));
            if (spec.rowCount() != meta.rowCount()) {
                return null;
            }
            return new SpecTargetIdTap(spec, spec.require("TARGETID"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The fingerprint once the hashing pass has read past the last TARGETID, or why it did not. */
    CompletableFuture<FastSpecFitRowEncoder.SpecPass> result() {
        return result;
    }

    @Override
    public long fromByte() {
        return dataStart + targetId.offset();
    }

    @Override
    public long toByte() {
        return rows == 0 ? fromByte() : dataStart + (rows - 1) * rowBytes + targetId.offset() + cellBytes;
    }

    @Override
    public void accept(byte[] bytes, int offset, int length, long position) {
        if (result.isDone()) {
            return;
        }
        try {
            fold(bytes, offset, length, position);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);   // a value the fold refuses fails the load, not the hash
        }
    }

    private void fold(byte[] bytes, int offset, int length, long position) {
        ByteBuffer chunk = ByteBuffer.wrap(bytes);
        long end = position + length;
        while (row < rows) {
            long next = dataStart + row * rowBytes + targetId.offset() + cellFilled;   // the next byte wanted
            if (next >= end) {
                return;
            }
            if (next < position) {
                throw new IllegalStateException("bytes before " + position + " were skipped (wanted " + next + ")");
            }
            int at = offset + (int) (next - position);
            int n = (int) Math.min(cellBytes - cellFilled, end - next);
            long value;
            if (cellFilled == 0 && n == cellBytes) {
                value = targetId.longValue(chunk, at - targetId.offset(), 0);   // the cell is whole in this chunk
            } else {
                cell.put(cellFilled, bytes, at, n);
                cellFilled += n;
                if (cellFilled < cellBytes) {
                    return;   // the rest of it is in the next chunk
                }
                cellFilled = 0;
                value = targetId.longValue(cell, -targetId.offset(), 0);
            }
            fingerprint = FastSpecFitRowEncoder.fold(fingerprint, value);
            row++;
        }
        result.complete(new FastSpecFitRowEncoder.SpecPass(fingerprint, rows * rowBytes));
    }

    @Override
    public void fail(Throwable cause) {
        result.completeExceptionally(cause);
    }
}
