package org.desi.catalogs.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Test resource: the migrated test database behind a {@link TcpGate} that starts shut, so the
 * service under test first sees no database. Tests call {@link #openGate()} to let it appear.
 */
public class GatedDatabase implements QuarkusTestResourceLifecycleManager {

    private static TcpGate gate;

    @Override
    public Map<String, String> start() {
        TestDatabase.migrate();
        try {
            gate = new TcpGate(TestDatabase.HOST, TestDatabase.PORT);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new HashMap<>(TestDatabase.serviceConfig(TestDatabase.WRITER));
        config.put("desi.db.host", "127.0.0.1");
        config.put("desi.db.port", Integer.toString(gate.port()));
        return config;
    }

    public static void openGate() {
        gate.open();
    }

    @Override
    public void stop() {
        try {
            gate.close();
        } catch (IOException e) {
            // test over
        }
    }
}
