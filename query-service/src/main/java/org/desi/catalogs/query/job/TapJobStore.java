package org.desi.catalogs.query.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.desi.catalogs.query.QuerySettings;

/**
 * Async TAP jobs on disk ({@code DESI_QUERY_TAP_JOB_DIRECTORY}): one directory per job with
 * {@code job.json}, the tables uploaded with it ({@code upload-<name>.vot}) and, once COMPLETED, {@code result}. Every write replaces the file atomically, so
 * a crash leaves the previous state, and jobs and results survive a restart of the service (on a
 * volume shared by the replicas, any replica serves any job).
 */
@ApplicationScoped
public class TapJobStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final ObjectMapper json;

    public TapJobStore(QuerySettings settings, ObjectMapper json) {
        this.root = Path.of(settings.tapJobDirectory());
        this.json = json;
    }

    /** A new unguessable job id (64 random bits: results are readable by whoever knows the id). */
    public static String newId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public synchronized void save(TapJob job) {
        try {
            Path dir = dir(job.jobId());
            Files.createDirectories(dir);
            Path tmp = dir.resolve("job.json.tmp");
            json.writeValue(tmp.toFile(), job);
            move(tmp, dir.resolve("job.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store TAP job " + job.jobId() + " under " + root, e);
        }
    }

    public Optional<TapJob> find(String jobId) {
        if (!jobId.matches("[0-9a-f]{16}")) {
            return Optional.empty();
        }
        Path f = dir(jobId).resolve("job.json");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(f.toFile(), TapJob.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TAP job " + jobId, e);
        }
    }

    /** Every stored job, oldest first. */
    public List<TapJob> all() {
        List<TapJob> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                find(d.getFileName().toString()).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list TAP jobs under " + root, e);
        }
        out.sort(Comparator.comparing(TapJob::creationTime));
        return out;
    }

    /**
     * The VOTable a client uploaded with the job for {@code TAP_UPLOAD.<tableName>} (a checked ADQL
     * identifier, so a safe file name).
     */
    public Path uploadFile(String jobId, String tableName) {
        return dir(jobId).resolve("upload-" + tableName.toLowerCase(java.util.Locale.ROOT) + ".vot");
    }

    /** Stores an uploaded table's bytes with the job, replacing the file at once. */
    public void saveUpload(String jobId, String tableName, java.io.InputStream bytes) {
        try {
            Path target = uploadFile(jobId, tableName);
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.copy(bytes, tmp, StandardCopyOption.REPLACE_EXISTING);
            move(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store an uploaded table of TAP job " + jobId + " under " + root, e);
        }
    }

    public Path resultFile(String jobId) {
        return dir(jobId).resolve("result");
    }

    /** Where a result is written before it replaces {@link #resultFile} at once. */
    public Path partialResultFile(String jobId) {
        return dir(jobId).resolve("result.partial");
    }

    public void publishResult(String jobId) throws IOException {
        move(partialResultFile(jobId), resultFile(jobId));
    }

    public void delete(String jobId) {
        Path dir = dir(jobId);
        try {
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete TAP job " + jobId, e);
        }
    }

    private Path dir(String jobId) {
        return root.resolve(jobId);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
