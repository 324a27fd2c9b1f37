package org.desi.catalogs.service.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * TLS to PostgreSQL for every pool from two settings, {@code DESI_DB_SSLMODE}
 * (disable|prefer|require|verify-ca|verify-full; default prefer: encrypted whenever the server offers
 * it) and {@code DESI_DB_SSLROOTCERT} (the CA's PEM file, needed by verify-ca and verify-full): the
 * reactive client (ssl-mode, trusted CA, hostname verification for verify-full) and PgJDBC
 * (sslmode, sslrootcert) of the default and the migration datasources. The mapping lives here once
 * because Quarkus spells it differently for each client. Every connection also carries the service's
 * name as its PostgreSQL application_name, so pg_stat_activity / pg_stat_ssl tell whose it is.
 * Explicit Quarkus settings still win (ordinal 50).
 */
public class DatabaseConnections implements ConfigSourceFactory {

    static final Set<String> MODES = Set.of("disable", "prefer", "require", "verify-ca", "verify-full");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String mode = value(context.getValue("desi.db.sslmode"), "prefer").toLowerCase(Locale.ROOT);
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("DESI_DB_SSLMODE must be one of disable, prefer, require, verify-ca,"
                    + " verify-full; got '" + mode + "'");
        }
        String rootCert = value(context.getValue("desi.db.sslrootcert"), "");
        if (mode.startsWith("verify") && rootCert.isEmpty()) {
            throw new IllegalArgumentException("DESI_DB_SSLMODE=" + mode + " needs DESI_DB_SSLROOTCERT, the PEM file of"
                    + " the CA that signed the PostgreSQL server's certificate");
        }
        Map<String, String> p = new HashMap<>();
        p.put("quarkus.datasource.reactive.postgresql.ssl-mode", mode);
        if (!rootCert.isEmpty()) {
            p.put("quarkus.datasource.reactive.trust-certificate-pem", "true");
            p.put("quarkus.datasource.reactive.trust-certificate-pem.certs", rootCert);
        } else if (mode.equals("require") || mode.equals("prefer")) {
            // libpq's meaning: encrypted, the certificate not checked (without trust-all the reactive
            // client checks it against the JVM's default CAs and a private CA's server fails the handshake)
            p.put("quarkus.datasource.reactive.trust-all", "true");
        }
        if (mode.equals("verify-full")) {
            p.put("quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS");
        }
        String app = value(context.getValue("quarkus.application.name"), "desi-catalogs");
        p.put("quarkus.datasource.reactive.additional-properties.application_name", app);
        // only the JDBC datasources this service has (query-service has none; the migration one is ingest's)
        for (String ds : List.of("quarkus.datasource.jdbc", "quarkus.datasource.migration.jdbc")) {
            if (value(context.getValue(ds + ".url"), "").isEmpty()) {
                continue;
            }
            p.put(ds + ".additional-jdbc-properties.sslmode", mode);
            p.put(ds + ".additional-jdbc-properties.ApplicationName", app);
            if (!rootCert.isEmpty()) {
                p.put(ds + ".additional-jdbc-properties.sslrootcert", rootCert);
            }
        }
        return List.of(new PropertiesConfigSource(p, "desi-database-connections", 50));
    }

    private static String value(ConfigValue v, String fallback) {
        return v == null || v.getValue() == null || v.getValue().isBlank() ? fallback : v.getValue().trim();
    }
}
