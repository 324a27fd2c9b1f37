package org.desi.catalogs.core.fits;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The binary tables a load reads from one file, found by selector (as {@link FitsLayout#binaryTable(String)}):
 * from one scan of a complete file, or each as soon as its header has arrived in a file still arriving
 * (an upload loaded while it is received), in which case {@link #requireSameInWholeFile} checks them
 * against the whole file once it is there, so that an arriving file is held to the same rules.
 */
public final class FitsTables {

    private final Path file;
    private final FileArrival arrival;
    private final FitsLayout whole;
    private final Map<String, Hdu> found = new LinkedHashMap<>();

    public FitsTables(Path file, FileArrival arrival) {
        this.file = file;
        this.arrival = arrival;
        this.whole = arrival.arriving() ? null : FitsLayout.scan(file);
    }

    /** The binary table {@code selector} names (blank: the first; digits: an HDU number; else an EXTNAME). */
    public Hdu find(String selector) {
        Hdu hdu = whole != null ? whole.binaryTable(selector) : FitsLayout.binaryTable(file, selector, arrival);
        found.put(selector == null ? "" : selector, hdu);
        return hdu;
    }

    /** A file still arriving: waits for its end; the whole file must then be well formed with the same tables. */
    public void requireSameInWholeFile() {
        if (whole == null) {
            arrival.awaitEnd();
            found.forEach((selector, hdu) -> FitsLayout.sameTable(file, selector, hdu));
        }
    }
}
