package org.desi.catalogs.service.problem;

/**
 * Thrown by request handling to answer with a problem document; the mapper turns it into
 * {@code application/problem+json}.
 */
public class ApiProblemException extends RuntimeException {

    private final int status;

    public ApiProblemException(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public ApiProblemException(int status, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** 400 Bad Request with the given detail. */
    public static ApiProblemException badRequest(String detail) {
        return new ApiProblemException(400, detail);
    }

    /** 404 Not Found with the given detail. */
    public static ApiProblemException notFound(String detail) {
        return new ApiProblemException(404, detail);
    }
}
