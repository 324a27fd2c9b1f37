package org.desi.catalogs.core.fits;

/**
 * A structural problem with a FITS file (not FITS, truncated, missing HDU or column, unsupported
 * type). The message names the file part precisely; a load that meets one commits nothing.
 */
public class FitsFormatException extends RuntimeException {

    public FitsFormatException(String message) {
        super(message);
    }

    public FitsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
