package org.desi.catalogs.query.search;

import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Creates the cone pool as Quarkus would (its configured connect and pool options, shared and named
 * "cone"), but keeps statements prepared up to {@link #PREPARED_SQL_LIMIT_CHARS} characters of SQL:
 * vert.x's default (2,048, with no Quarkus setting) leaves a cone over a catalog of about 100 columns
 * unprepared, so planned on every call, which is what this pool exists to avoid.
 */
@ApplicationScoped
@ReactiveDataSource("cone")
public class ConePoolCreator implements PgPoolCreator {

    /** Longest SQL kept prepared: a cone naming 500 columns of 63 characters, quoted. */
    static final int PREPARED_SQL_LIMIT_CHARS = 40_000;

    @Override
    public Pool create(Input input) {
        List<PgConnectOptions> options = input.pgConnectOptionsList();
        options.forEach(o -> o.setPreparedStatementCacheSqlLimit(PREPARED_SQL_LIMIT_CHARS));
        return PgPool.pool(input.vertx(), options, input.poolOptions());
    }
}
