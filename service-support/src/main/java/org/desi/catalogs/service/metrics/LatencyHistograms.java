package org.desi.catalogs.service.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Publishes histogram buckets for request and job latencies, so Prometheus can compute p99 over any
 * window and across replicas (the alert on query p99 and the Grafana latency panels need them).
 */
public class LatencyHistograms {

    @Produces
    @Singleton
    public MeterFilter latencyBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                String n = id.getName();
                if (n.equals("http.server.requests") || (n.startsWith("desi.") && id.getType() == Meter.Type.TIMER)) {
                    return DistributionStatisticConfig.builder().percentilesHistogram(true)
                            .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                            .maximumExpectedValue((double) Duration.ofMinutes(10).toNanos())
                            .build().merge(config);
                }
                return config;
            }
        };
    }
}
