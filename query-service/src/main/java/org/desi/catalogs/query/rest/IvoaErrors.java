package org.desi.catalogs.query.rest;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.desi.catalogs.query.format.VoTableWriter;
import org.desi.catalogs.service.problem.ProblemExceptionMappers;
import org.desi.catalogs.service.rest.UriLengthLimit;
import org.desi.catalogs.service.security.Roles;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Errors raised before an IVOA endpoint's own code runs, answered the IVOA way: a VOTable with
 * QUERY_STATUS ERROR that pyvo and STILTS show to the user. 401/403 (when reads require a role) keep
 * their status code and the Bearer challenge; a URI over the length limit is a 414 on TAP and, as Simple
 * Cone Search wants every error, a 200 on SCS. Everything else gets the shared problem+json answer.
 */
public class IvoaErrors {

    private final ProblemExceptionMappers problems = new ProblemExceptionMappers();

    private static boolean ivoa(UriInfo uri) {
        String p = uri.getPath();
        return p.startsWith("/scs/") || p.equals("/scs") || p.startsWith("/tap");
    }

    @ServerExceptionMapper(value = {io.quarkus.security.UnauthorizedException.class,
            io.quarkus.security.AuthenticationFailedException.class}, priority = Priorities.USER - 100)
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        if (!ivoa(uri)) {
            return problems.unauthenticated(e, uri);
        }
        return Response.status(401).type(MediaType.TEXT_XML_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(VoTableWriter.error(ProblemExceptionMappers.UNAUTHENTICATED))
                .build();
    }

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response uriTooLong(UriLengthLimit.UriTooLongException e, UriInfo uri) {
        if (!ivoa(uri)) {
            return problems.apiProblem(e, uri);
        }
        boolean scs = !uri.getPath().startsWith("/tap");
        return Response.status(scs ? 200 : 414).type(SimpleConeSearchResource.VOTABLE)
                .entity(VoTableWriter.error(e.getMessage())).build();
    }

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        if (!ivoa(uri)) {
            return problems.forbidden(e, uri);
        }
        return Response.status(403).type(MediaType.TEXT_XML_TYPE)
                .entity(VoTableWriter.error(ProblemExceptionMappers.FORBIDDEN + Roles.neededFor(uri.getPath())))
                .build();
    }
}
