package org.desi.catalogs.testsupport;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bearer tokens for tests: RS256 JWTs signed with a key pair made for this JVM (nothing stored), and
 * the service configuration that trusts its public key with a test issuer and audience. Requests made
 * with rest-assured carry an admin token unless they set their own Authorization header or the header
 * {@value #ANONYMOUS} (which is removed before sending).
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.tests.desi.invalid";
    public static final String AUDIENCE = "desi-catalogs";
    /** A request with this header goes out without any token. */
    public static final String ANONYMOUS = "X-Test-Anonymous";

    private static final KeyPair KEYS = generate();
    private static final KeyPair OTHER_KEYS = generate();
    private static boolean filterInstalled;

    private TestTokens() {
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a service under test needs to verify these tokens. */
    static Map<String, String> serviceConfig() {
        installDefaultToken();
        return Map.of("quarkus.oidc.public-key", Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded()),
                "quarkus.oidc.token.issuer", ISSUER, "quarkus.oidc.token.audience", AUDIENCE);
    }

    private static synchronized void installDefaultToken() {
        if (filterInstalled) {
            return;
        }
        filterInstalled = true;
        String admin = "Bearer " + token("test-admin", List.of("desi-admin"));
        Filter filter = (req, res, ctx) -> {
            if (req.getHeaders().hasHeaderWithName(ANONYMOUS)) {
                req.removeHeader(ANONYMOUS);
            } else if (!req.getHeaders().hasHeaderWithName("Authorization")) {
                req.header("Authorization", admin);
            }
            return ctx.next(req, res);
        };
        RestAssured.filters(filter);
    }

    /** A valid token for one hour: subject {@code sub}, groups {@code groups}. */
    public static String token(String sub, List<String> groups) {
        long now = System.currentTimeMillis() / 1000;
        return sign(KEYS.getPrivate(), ISSUER, AUDIENCE, sub, groups, now - 60, now + 3600);
    }

    /** A token that expired ten minutes ago. */
    public static String expired(List<String> groups) {
        long now = System.currentTimeMillis() / 1000;
        return sign(KEYS.getPrivate(), ISSUER, AUDIENCE, "late", groups, now - 7200, now - 600);
    }

    /** A token from another issuer, signed with the trusted key. */
    public static String wrongIssuer(List<String> groups) {
        long now = System.currentTimeMillis() / 1000;
        return sign(KEYS.getPrivate(), "https://elsewhere.invalid", AUDIENCE, "stranger", groups, now, now + 3600);
    }

    /** A token for another audience, signed with the trusted key. */
    public static String wrongAudience(List<String> groups) {
        long now = System.currentTimeMillis() / 1000;
        return sign(KEYS.getPrivate(), ISSUER, "another-service", "stranger", groups, now, now + 3600);
    }

    /** A well-formed token signed with a key the services do not trust. */
    public static String badSignature(List<String> groups) {
        long now = System.currentTimeMillis() / 1000;
        return sign(OTHER_KEYS.getPrivate(), ISSUER, AUDIENCE, "forger", groups, now, now + 3600);
    }

    private static String sign(PrivateKey key, String iss, String aud, String sub, List<String> groups, long iat,
                               long exp) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":\"" + iss + "\",\"aud\":\"" + aud + "\",\"sub\":\"" + sub + "\",\"iat\":" + iat
                + ",\"exp\":" + exp + ",\"groups\":[" + groups.stream().map(g -> "\"" + g + "\"")
                .collect(Collectors.joining(",")) + "]}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
