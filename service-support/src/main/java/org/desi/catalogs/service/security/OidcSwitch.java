package org.desi.catalogs.service.security;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Secure by default without refusing to start: Quarkus OIDC will not start a tenant that has neither
 * an issuer ({@code quarkus.oidc.auth-server-url}) nor a public key. When neither is configured this
 * turns the tenant off, so no token can ever verify and every write answers 401, while reads, health
 * and metrics keep working. An explicit {@code quarkus.oidc.tenant-enabled} still wins (ordinal 50).
 */
public class OidcSwitch implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean configured = present(context.getValue("quarkus.oidc.auth-server-url"))
                || present(context.getValue("quarkus.oidc.public-key"));
        return List.of(new PropertiesConfigSource(Map.of("quarkus.oidc.tenant-enabled", Boolean.toString(configured)),
                "desi-oidc-switch", 50));
    }

    private static boolean present(ConfigValue v) {
        return v != null && v.getValue() != null && !v.getValue().isBlank();
    }
}
