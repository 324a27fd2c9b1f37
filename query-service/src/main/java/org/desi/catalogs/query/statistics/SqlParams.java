package org.desi.catalogs.query.statistics;

import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Values bound to a statement as it is built: each {@link #add} returns the placeholder to splice. */
final class SqlParams {

    private final List<Object> values = new ArrayList<>();

    /** Binds {@code value}; returns its placeholder ({@code $n}). */
    String add(Object value) {
        values.add(value);
        return "$" + values.size();
    }

    Tuple tuple() {
        return Tuple.from(values);
    }
}
