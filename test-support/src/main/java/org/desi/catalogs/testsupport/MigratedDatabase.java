package org.desi.catalogs.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: migrates the local test database (as the owner, the way production's
 * migration step does) and points the service under test at it with the role named by the init
 * argument {@code role} ({@code writer} or {@code reader}).
 */
public class MigratedDatabase implements QuarkusTestResourceLifecycleManager {

    private TestDatabase.Role role = TestDatabase.WRITER;

    @Override
    public void init(Map<String, String> initArgs) {
        String name = initArgs.getOrDefault("role", "writer");
        role = switch (name) {
            case "writer" -> TestDatabase.WRITER;
            case "reader" -> TestDatabase.READER;
            case "owner" -> TestDatabase.OWNER;
            default -> throw new IllegalArgumentException("role must be writer, reader or owner, not " + name);
        };
    }

    @Override
    public Map<String, String> start() {
        TestDatabase.migrate();
        return TestDatabase.serviceConfig(role);
    }

    @Override
    public void stop() {
        // the database outlives the test run: make test's setup owns it
    }
}
