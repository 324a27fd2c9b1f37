package org.desi.catalogs.service.warmup;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: down while a startup warm-up runs ({@link WarmUps}), naming it. */
@Readiness
@ApplicationScoped
public class WarmUpCheck implements HealthCheck {

    private final WarmUps warmUps;

    public WarmUpCheck(WarmUps warmUps) {
        this.warmUps = warmUps;
    }

    @Override
    public HealthCheckResponse call() {
        var running = warmUps.running();
        return HealthCheckResponse.named("warm-up").status(running.isEmpty())
                .withData("running", running.isEmpty() ? "none" : String.join(", ", running)).build();
    }
}
