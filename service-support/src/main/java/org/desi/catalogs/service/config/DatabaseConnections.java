package org.desi.catalogs.service.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * TLS to PostgreSQL for every pool from two settings, {@code DESI_DB_SSLMODE}
 * (disable|prefer|require|verify-ca|verify-full; default prefer: encrypted whenever the server offers
 * it) and {@code DESI_DB_SSLROOTCERT} (the CA's PEM file, needed by verify-ca and verify-full): the
 * reactive clients (ssl-mode, trusted CA, hostname verification for verify-full; every pool) and PgJDBC
 * (sslmode, sslrootcert) of the default and the migration datasources. The mapping lives here once
 * because Quarkus spells it differently for each client. Every connection also carries the service's
 * name as its PostgreSQL application_name, so pg_stat_activity / pg_stat_ssl tell whose it is.
 * Explicit Quarkus settings still win (ordinal 50).
 */
public class DatabaseConnections implements ConfigSourceFactory {

    private static final Pattern NAMED_REACTIVE_URL = Pattern.compile("(quarkus\\.datasource\\.[^.]+\\.reactive)\\.url");

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
        String app = value(context.getValue("quarkus.application.name"), "desi-catalogs");
        for (String ds : reactiveDataSources(context)) {
            p.put(ds + ".postgresql.ssl-mode", mode);
            if (!rootCert.isEmpty()) {
                p.put(ds + ".trust-certificate-pem", "true");
                p.put(ds + ".trust-certificate-pem.certs", rootCert);
            } else if (mode.equals("require") || mode.equals("prefer")) {
                // libpq's meaning: encrypted, the certificate not checked (without trust-all the reactive
                // client checks it against the JVM's default CAs and a private CA's server fails the handshake)
                p.put(ds + ".trust-all", "true");
            }
            if (mode.equals("verify-full")) {
                p.put(ds + ".hostname-verification-algorithm", "HTTPS");
            }
            p.put(ds + ".additional-properties.application_name", app);
        }
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

    /**
     * The configuration prefixes of the reactive pools: the default one and every named one that has a
     * URL (query-service's cone pool), so that no pool of a service connects in the clear by omission.
     */
    static List<String> reactiveDataSources(ConfigSourceContext context) {
        List<String> out = new ArrayList<>(List.of("quarkus.datasource.reactive"));
        for (Iterator<String> names = context.iterateNames(); names.hasNext(); ) {
            Matcher m = NAMED_REACTIVE_URL.matcher(names.next());
            if (m.matches() && !out.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static String value(ConfigValue v, String fallback) {
        return v == null || v.getValue() == null || v.getValue().isBlank() ? fallback : v.getValue().trim();
    }
}
