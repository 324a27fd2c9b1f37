package org.desi.catalogs.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who may write: every write endpoint of a service answers 401 (problem+json, Bearer challenge) without
 * a token or with one that does not verify (bad signature, expired, wrong issuer, wrong audience), 403
 * with a valid token lacking the role (naming the roles it needs), and reaches the endpoint with the
 * service's role or desi-admin. Reads, health and metrics stay open. Each write service extends this.
 */
public abstract class WriteAuthorizationContract {

    /** One write endpoint: method, path and a body the endpoint accepts far enough to prove authorization. */
    public record Endpoint(String method, String path, String contentType, Object body) {
    }

    /** The service's write endpoints. */
    protected abstract List<Endpoint> writes();

    /** The role that opens them (desi-ingest or desi-crossmatch). */
    protected abstract String writerRole();

    /** A read endpoint that answers 200 to anyone. */
    protected abstract String readPath();

    private static Response call(Endpoint e, String authorization) {
        RequestSpecification r = given();
        if (authorization == null) {
            r.header(TestTokens.ANONYMOUS, "1");
        } else {
            r.header("Authorization", authorization);
        }
        if (e.body() instanceof byte[] bytes) {
            r.contentType(e.contentType()).body(bytes);
        } else if (e.body() != null) {
            r.contentType(e.contentType()).body(e.body());
        }
        return r.request(e.method(), e.path());
    }

    @Test
    void writesWithoutAValidTokenAre401ProblemsWithABearerChallenge() {
        List<String> role = List.of(writerRole());
        List<String> invalid = List.of("Bearer " + TestTokens.badSignature(role), "Bearer " + TestTokens.expired(role),
                "Bearer " + TestTokens.wrongIssuer(role), "Bearer " + TestTokens.wrongAudience(role), "Bearer not.a.jwt",
                "Basic ZGVzaTpkZXNp");
        for (Endpoint e : writes()) {
            call(e, null).then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate",
                    containsString("Bearer")).body("status", equalTo(401));
            for (String token : invalid) {
                int status = call(e, token).then().extract().statusCode();
                assertTrue(status == 401, e.method() + " " + e.path() + " with " + token.substring(0, 12) + "...: " + status);
            }
        }
    }

    @Test
    void writesWithTheWrongRoleAre403NamingTheRoleNeeded() {
        String reader = "Bearer " + TestTokens.token("reader", List.of("desi-read", "some-other-group"));
        for (Endpoint e : writes()) {
            call(e, reader).then().statusCode(403).contentType("application/problem+json")
                    .body("detail", containsString(writerRole())).body("detail", containsString("desi-admin"));
        }
    }

    @Test
    void writesWithTheServicesRoleOrAdminReachTheEndpoint() {
        for (String role : List.of(writerRole(), "desi-admin")) {
            String token = "Bearer " + TestTokens.token("someone-" + role, List.of(role));
            for (Endpoint e : writes()) {
                int status = call(e, token).then().extract().statusCode();
                assertTrue(status != 401 && status != 403, e.method() + " " + e.path() + " as " + role + ": " + status);
            }
        }
    }

    @Test
    void readsHealthAndMetricsNeedNoToken() {
        for (String path : List.of(readPath(), "/q/health/ready", "/q/health/live", "/q/metrics")) {
            given().header(TestTokens.ANONYMOUS, "1").get(path).then().statusCode(200);
        }
        // a bad token on an anonymous read is ignored, not an error
        given().header("Authorization", "Bearer " + TestTokens.badSignature(List.of())).get(readPath()).then()
                .statusCode(200);
    }
}
