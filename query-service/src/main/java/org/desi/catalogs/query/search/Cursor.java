package org.desi.catalogs.query.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.desi.catalogs.service.problem.ApiProblemException;

/**
 * An opaque keyset cursor: the sort key of the last row of a page (for a cone: distance and id;
 * for pairs: left and right id) plus a fingerprint of the query it belongs to, base64url-encoded.
 * The next page asks for rows after that key, so paging costs the same at page 1,000 as at page 1.
 */
public record Cursor(List<Object> key, String query) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public String encode() {
        ObjectNode n = JSON.createObjectNode();
        n.put("q", query);
        var arr = n.putArray("k");
        for (Object k : key) {
            if (k instanceof Long l) {
                arr.add(l);
            } else if (k instanceof Integer i) {
                arr.add(i.longValue());
            } else if (k instanceof Short s) {
                arr.add(s.longValue());
            } else if (k instanceof Double d) {
                arr.add(d);
            } else {
                arr.add(String.valueOf(k));
            }
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(n.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor made for {@code query}; a foreign or damaged cursor is a 400. */
    public static Cursor decode(String text, String query, int keys) {
        try {
            JsonNode n = JSON.readTree(Base64.getUrlDecoder().decode(text.trim()));
            if (!query.equals(n.path("q").asText()) || n.path("k").size() != keys) {
                throw ApiProblemException.badRequest("cursor belongs to another query: pass the nextCursor of the"
                        + " previous page with the same parameters");
            }
            List<Object> key = new java.util.ArrayList<>();
            for (JsonNode k : n.path("k")) {
                key.add(k.isIntegralNumber() ? (Object) k.asLong() : k.isNumber() ? (Object) k.asDouble() : k.asText());
            }
            return new Cursor(key, query);
        } catch (ApiProblemException e) {
            throw e;
        } catch (Exception e) {
            throw ApiProblemException.badRequest("cursor is not valid: pass the nextCursor of the previous page unchanged");
        }
    }
}
