package org.desi.catalogs.core.fits;

import nom.tam.fits.Header;

/**
 * One header-data unit of a FITS file as located by {@link FitsLayout}.
 *
 * @param index          0-based position in the file (0 = PRIMARY)
 * @param name           EXTNAME, or PRIMARY for HDU 0 without one; upper case
 * @param kind           PRIMARY, BINTABLE, IMAGE, TABLE or the XTENSION value
 * @param header         the parsed header (nom-tam-fits)
 * @param dataOffset     byte offset of the data unit in the file
 * @param dataSizeBytes  size of the data without the padding to 2880 bytes
 */
public record Hdu(int index, String name, String kind, Header header, long dataOffset, long dataSizeBytes) {

    public boolean isBinaryTable() {
        return "BINTABLE".equals(kind);
    }

    /** "HDU 2 (FASTSPEC)": how error messages name this HDU. */
    public String label() {
        return "HDU " + index + " (" + name + ")";
    }
}
