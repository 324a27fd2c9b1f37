package org.desi.catalogs.query.adql;

/** A query the TAP service refuses, with the message the user sees (TAP: a VOTable QUERY_STATUS=ERROR). */
public class AdqlException extends RuntimeException {

    public AdqlException(String message) {
        super(message, null, false, false);
    }
}
