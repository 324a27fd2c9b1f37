package org.desi.catalogs.query.search;

import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs statements whose plan is the (zone, ra) index whatever their values (cone searches, TAP queries
 * of one table bounded by a constant cone) on the cone pool: its sessions keep each statement prepared
 * and use PostgreSQL's generic plan (application.properties, {@code quarkus.datasource.cone}), where the
 * default re-plans every call. A statement that PostgreSQL refuses because a table it was prepared on
 * changed its columns' types since (SQLSTATE 0A000, "cached plan must not change result type") runs
 * again on the default pool, which prepares every statement afresh.
 */
@ApplicationScoped
public class ConePool {

    private static final String FEATURE_NOT_SUPPORTED = "0A000";

    private final Pool generic;
    private final Pool fresh;

    public ConePool(@ReactiveDataSource("cone") Pool generic, Pool fresh) {
        this.generic = generic;
        this.fresh = fresh;
    }

    public Uni<RowSet<Row>> execute(String sql, Tuple params) {
        return generic.preparedQuery(sql).execute(params)
                .onFailure(ConePool::preparedOnOlderColumns).recoverWithUni(() -> fresh.preparedQuery(sql).execute(params));
    }

    private static boolean preparedOnOlderColumns(Throwable t) {
        return t instanceof PgException pg && FEATURE_NOT_SUPPORTED.equals(pg.getSqlState());
    }
}
