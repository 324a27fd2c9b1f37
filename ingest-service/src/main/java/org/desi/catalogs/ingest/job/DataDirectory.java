package org.desi.catalogs.ingest.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.desi.catalogs.service.problem.ApiProblemException;

/**
 * The directory ingest-service may read: every source path is resolved inside it, and anything
 * that leaves it ({@code ..}, an absolute path elsewhere, a symbolic link pointing out) is refused.
 */
public final class DataDirectory {

    private final Path root;

    public DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The real path of {@code source} (relative to the data directory, or absolute inside it). */
    public Path resolve(String source) {
        if (source == null || source.isBlank()) {
            throw ApiProblemException.badRequest("source is required: a path under the data directory");
        }
        Path candidate = root.resolve(source).normalize();
        if (!candidate.startsWith(root)) {
            throw ApiProblemException.badRequest("source '" + source + "' is outside the data directory; give a path"
                    + " relative to it (no '..')");
        }
        if (!Files.exists(candidate)) {
            throw ApiProblemException.badRequest("source '" + source + "' does not exist in the data directory");
        }
        try {
            Path real = candidate.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                throw ApiProblemException.badRequest("source '" + source + "' is a link that leaves the data directory");
            }
            if (!Files.isRegularFile(real)) {
                throw ApiProblemException.badRequest("source '" + source + "' is not a regular file");
            }
            return real;
        } catch (IOException e) {
            throw ApiProblemException.badRequest("source '" + source + "' cannot be read: " + e.getMessage());
        }
    }

    /** The path relative to the data directory, as stored in the job. */
    public String relativize(Path file) {
        try {
            return root.toRealPath().relativize(file).toString();
        } catch (IOException e) {
            return file.toString();
        }
    }
}
