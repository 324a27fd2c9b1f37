package org.desi.catalogs.ingest.job;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** The job options as stored in {@code ingest_run.options} (a JSON object of strings). */
final class JobOptions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobOptions() {
    }

    static Map<String, String> parse(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (Exception e) {
            // never run a job with silently dropped options (they name HDUs and columns)
            throw new IllegalStateException("ingest_run.options is not a JSON object of strings: " + json, e);
        }
    }
}
