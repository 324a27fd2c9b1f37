package org.desi.catalogs.testsupport;

import static io.restassured.RestAssured.given;

/** Samples read from a service's {@code /q/metrics}, the Prometheus text its scrapes read. */
public final class PrometheusSamples {

    private PrometheusSamples() {
    }

    /** The value of {@code series} (name and labels as Prometheus prints them), 0 when it does not exist yet. */
    public static double value(String series) {
        for (String line : given().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
