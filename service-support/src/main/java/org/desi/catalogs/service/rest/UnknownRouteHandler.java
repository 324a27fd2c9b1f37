package org.desi.catalogs.service.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.desi.catalogs.service.problem.Problem;

/**
 * Answers requests that no route handles with a 404 problem document instead of Vert.x's plain-text
 * page, so every error of the service is {@code application/problem+json}.
 */
@ApplicationScoped
public class UnknownRouteHandler {

    private final ObjectMapper json;

    public UnknownRouteHandler(ObjectMapper json) {
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MAX_VALUE).handler(ctx -> {
            String path = ctx.request().path();
            Problem problem = Problem.of(404, "No resource at " + path
                    + "; the API is described at /q/openapi", path);
            try {
                ctx.response().setStatusCode(404)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .end(json.writeValueAsString(problem));
            } catch (Exception e) {
                ctx.fail(e);
            }
        });
    }
}
