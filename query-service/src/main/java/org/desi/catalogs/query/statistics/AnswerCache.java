package org.desi.catalogs.query.statistics;

import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The last answers of a statistic, keyed by the placement job they were computed from and the
 * request: a placement never changes after it SUCCEEDED (a new one has a new job id, and a changed
 * catalog makes the request a 409 before the cache is asked), so a repeated question is answered
 * without another pass over the galaxies. Bounded (LRU).
 */
final class AnswerCache<T> {

    private final int capacity;
    private final Map<String, T> answers;

    AnswerCache(int capacity) {
        this.capacity = capacity;
        this.answers = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, T> e) {
                return size() > AnswerCache.this.capacity;
            }
        };
    }

    Uni<T> get(String key, Supplier<Uni<T>> compute) {
        T hit;
        synchronized (answers) {
            hit = answers.get(key);
        }
        if (hit != null) {
            return Uni.createFrom().item(hit);
        }
        return compute.get().invoke(answer -> {
            synchronized (answers) {
                answers.put(key, answer);
            }
        });
    }
}
