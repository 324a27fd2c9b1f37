package org.desi.catalogs.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Test resource: a brand-new empty database (created by the owner role, dropped afterwards), for
 * checking that the service applies the schema itself the way it does in production.
 */
public class EmptyDatabase implements QuarkusTestResourceLifecycleManager {

    private static String name;

    public static String name() {
        return name;
    }

    @Override
    public Map<String, String> start() {
        name = "desi_empty_" + Long.toHexString(System.nanoTime());
        admin("CREATE DATABASE " + name);
        Map<String, String> config = new HashMap<>(TestDatabase.serviceConfig(TestDatabase.WRITER));
        config.put("desi.db.name", name);
        config.put("desi.db.owner-user", TestDatabase.OWNER.user());
        config.put("desi.db.owner-password", TestDatabase.OWNER.password());
        return config;
    }

    @Override
    public void stop() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl("postgres"), TestDatabase.OWNER.user(),
                TestDatabase.OWNER.password()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
