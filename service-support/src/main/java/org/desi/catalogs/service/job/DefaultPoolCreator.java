package org.desi.catalogs.service.job;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Creates a service's default reactive pool as Quarkus would (its configured connect and pool options)
 * and keeps the connect options, so that {@link JobFinishedSignals} opens its listening connection
 * with exactly the pool's host, credentials, TLS and application_name, mapped once by Quarkus.
 */
@ApplicationScoped
public class DefaultPoolCreator implements PgPoolCreator {

    private volatile PgConnectOptions options;

    @Override
    public Pool create(Input input) {
        List<PgConnectOptions> list = input.pgConnectOptionsList();
        options = new PgConnectOptions(list.get(0));
        return PgPool.pool(input.vertx(), list, input.poolOptions());
    }

    /** The default pool's connect options (a copy), or null before the pool exists. */
    PgConnectOptions options() {
        return options == null ? null : new PgConnectOptions(options);
    }
}
