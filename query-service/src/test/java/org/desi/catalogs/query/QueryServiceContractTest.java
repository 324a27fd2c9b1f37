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

    @org.junit.jupiter.api.Test
    void readsNeedNoTokenByDefault() {
        ConeSearchTest.seed();
        for (String path : java.util.List.of("/api/v1/catalogs", "/api/v1/catalogs/" + ConeSearchTest.CATALOG
                + "/cone?ra=10&dec=0&radius=0.1", "/scs/" + ConeSearchTest.CATALOG + "?RA=10&DEC=0&SR=0.1")) {
            given().header(org.desi.catalogs.testsupport.TestTokens.ANONYMOUS, "1").get(path).then().statusCode(200);
        }
    }
}
