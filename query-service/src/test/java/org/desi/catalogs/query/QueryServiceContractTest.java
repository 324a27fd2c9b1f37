package org.desi.catalogs.query;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.desi.catalogs.testsupport.MigratedDatabase;
import org.desi.catalogs.testsupport.ServiceContractTest;

@QuarkusTest
@QuarkusTestResource(value = MigratedDatabase.class, initArgs = @ResourceArg(name = "role", value = "reader"))
class QueryServiceContractTest extends ServiceContractTest {

    @Override
    protected String serviceMetric() {
        return "desi_query_cone_seconds";
    }

    @Override
    protected void exerciseServiceMetric() {
        ConeSearchTest.seed();
        given().get("/api/v1/catalogs/" + ConeSearchTest.CATALOG + "/cone?ra=10&dec=0&radius=0.1").then().statusCode(200);
    }
}
