package org.desi.catalogs.ingest.profile;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.desi.catalogs.core.fits.BinaryTableLayout;
import org.desi.catalogs.core.fits.BinaryTableRows;
import org.desi.catalogs.core.fits.FileArrival;
import org.desi.catalogs.core.fits.FitsColumn;
import org.desi.catalogs.core.fits.FitsTables;
import org.desi.catalogs.core.fits.FitsTableWriter;
import org.desi.catalogs.core.sample.WideFastSpecFitFile;
import org.desi.catalogs.ingest.copy.CellEncoder;
import org.desi.catalogs.ingest.job.FileHasher;
import org.desi.catalogs.ingest.job.IngestSettings;
import org.desi.catalogs.ingest.job.IngestWorker;
import org.desi.catalogs.ingest.job.UploadWriter;
import org.desi.catalogs.service.copy.PgBinaryCopyWriter;
import org.desi.catalogs.service.warmup.SelfRequests;
import org.desi.catalogs.service.warmup.TlsCipherWarmUp;
import org.desi.catalogs.service.warmup.WarmUps;
import org.jboss.logging.Logger;

/**
 * Runs synthetic uploads through the loads' own code at startup (written and hashed as an upload is,
 * their rows checked and encoded for COPY by the generic and the FastSpecFit loops, positions added to
 * a sky coverage, FASTSPEC's TARGETIDs read as an arriving upload's load reads them and as the pass hashing
 * a data-directory file hands them over, then encrypted as TLS to PostgreSQL encrypts it), on a low-priority background
 * thread, so the JIT has compiled that code before a user's first job: a pod's first job is the
 * common case, and on a cold JVM the same 1M-row upload took 3.7 s more CPU than the second time
 * (2.5 s of it compiling), a 1 GB FastSpecFit file 1.3 s more, on a machine where the service and
 * PostgreSQL share two cores. The files go to java.io.tmpdir and are removed. Then a few requests to
 * itself ({@link SelfRequests}), and 128 MiB sent to the database as the parameters of {@code SELECT
 * length(?)} ({@link TlsCipherWarmUp#sendThroughPool}: nothing is written), so that the JDK's TLS record
 * layer is compiled before a load's COPY runs through it. The pod reports ready once all this is done
 * ({@link WarmUps}); {@code DESI_INGEST_WARM_UP=false} turns it off.
 */
@Singleton
class LoadWarmUp {

    private static final Logger LOG = Logger.getLogger(LoadWarmUp.class);
    static final int ROWS = 200_000;
    static final int PASSES = 4;
    /** FastSpecFit rows per pass: 4.3 KB each (the real width), 52 MB on disk. */
    static final int FASTSPECFIT_ROWS = 12_000;
    /**
     * Further reads of the FastSpecFit file's three headers (5,000 cards at the real width) and their column
     * layouts, as each load starts with: the passes above read them too few times for C2, which then compiled
     * the header parser during a pod's first wide-file job (0.5 s of that job's 1.2 s of C2 CPU, HotSpot's
     * compilation log). With these passes: 0.38 s of C2 in that job, and the job (bench/ingest-wide.sh's file
     * as a fresh service's first job, page cache dropped) 1.45 s against 1.65 s (medians of 7 and 4 services).
     */
    static final int HEADER_PASSES = 40;

    /** Rows encoded per loop (every synthetic row is valid), or -1 each when the warm-up failed. */
    record Encoded(long genericRows, long fastSpecFitRows) {
    }

    void start(@Observes StartupEvent e, IngestSettings settings, IngestWorker worker, WarmUps warmUps,
               AgroalDataSource db) {
        if (settings.warmUp() && WarmUps.worthRunning()) {
            warmUps.start("ingest loads", "ingest-warm-up", () -> {
                run(settings.mocOrder(), worker::busy);
                if (!worker.busy()) {
                    SelfRequests.send(selfRequests());
                }
                if (!worker.busy()) {
                    // a load's COPY goes to PostgreSQL through the JDK's TLS record layer (the lab's is verify-full)
                    TlsCipherWarmUp.sendThroughPool(db);
                }
            });
        }
    }

    /**
     * The requests the warm-up sends this service: a public read, a waiting read of job 0 (there is none: it
     * opens this replica's LISTEN connection, {@code JobFinishedSignals}, now rather than during a user's first
     * job, then answers 404) and writes refused for their forged token.
     */
    static List<SelfRequests.Request> selfRequests() {
        return List.of(SelfRequests.Request.get("/api/v1/ingest/jobs?limit=1"),
                SelfRequests.Request.get("/api/v1/ingest/jobs/0?waitSeconds=1"),
                SelfRequests.Request.refusedPost("/api/v1/ingest/uploads?profile=generic&catalog=warm_up",
                        "application/fits"));
    }

    /**
     * Runs the passes (ROWS generic rows, then FASTSPECFIT_ROWS FastSpecFit rows, PASSES times) until
     * they are done or {@code stop} says a real job has begun: from then on the two cores are the
     * job's (the passes already run have compiled most of its code).
     */
    static Encoded run(int mocOrder, BooleanSupplier stop) {
        long t0 = System.nanoTime();
        Path generic = null;
        Path fastSpecFit = null;
        Path upload = null;
        try {
            generic = Files.createTempFile("ingest-warm-up", ".fits");
            fastSpecFit = Files.createTempFile("ingest-warm-up-fastspecfit", ".fits");
            upload = Files.createTempFile("ingest-warm-up-upload", ".fits");
            syntheticTable().write(generic);
            WideFastSpecFitFile.write(fastSpecFit, FASTSPECFIT_ROWS, 5);
            long genericRows = 0;
            long fastSpecFitRows = 0;
            // files under the data directory are complete, uploads arrive: the loads see both kinds
            for (int pass = 0; pass < PASSES && !stop.getAsBoolean(); pass++) {
                copyAsUpload(generic, upload);
                genericRows += encodeAll(upload, mocOrder, arrival(pass));
                if (stop.getAsBoolean()) {
                    break;
                }
                copyAsUpload(fastSpecFit, upload);
                fastSpecFitRows += encodeFastSpecFit(upload, mocOrder, arrival(pass));
            }
            for (int pass = 0; pass < HEADER_PASSES && !stop.getAsBoolean(); pass++) {
                readLayouts(fastSpecFit, arrival(pass));
            }
            if (!stop.getAsBoolean()) {
                TlsCipherWarmUp.encrypt(64);
            }
            LOG.infof("warm-up: %s generic and %s FastSpecFit rows encoded in %.2f s%s (DESI_INGEST_WARM_UP)",
                    Long.toString(genericRows), Long.toString(fastSpecFitRows), (System.nanoTime() - t0) / 1e9,
                    stop.getAsBoolean() ? ", stopped for a job" : "");
            return new Encoded(genericRows, fastSpecFitRows);
        } catch (IOException | java.sql.SQLException | RuntimeException ex) {
            LOG.warnf("warm-up ended early: %s", ex.getMessage());   // only the warm-up is lost
            return new Encoded(-1, -1);
        } finally {
            deleteQuietly(generic);
            deleteQuietly(fastSpecFit);
            deleteQuietly(upload);
        }
    }

    /** Written and hashed as an upload is. */
    private static void copyAsUpload(Path fits, Path upload) throws IOException {
        try (InputStream in = Files.newInputStream(fits)) {
            UploadWriter.write(in, upload, Long.MAX_VALUE, n -> { });
        }
    }

    private static FileArrival arrival(int pass) {
        return pass % 2 == 0 ? FileArrival.COMPLETE : new Arrived();
    }

    /** The columns of a typical catalog: an ascending 64-bit id, double positions, floats, integers. */
    private static FitsTableWriter syntheticTable() {
        Random r = new Random(11);
        long[] id = new long[ROWS];
        double[] ra = new double[ROWS];
        double[] dec = new double[ROWS];
        double[] z = new double[ROWS];
        float[] flux = new float[ROWS];
        float[] mass = new float[ROWS];
        int[] flag = new int[ROWS];
        short[] nobs = new short[ROWS];
        for (int i = 0; i < ROWS; i++) {
            id[i] = 7919L * (i + 1);
            ra[i] = r.nextDouble() * 360;
            dec[i] = Math.toDegrees(Math.asin(2 * r.nextDouble() - 1));
            z[i] = r.nextDouble() * 0.6;
            flux[i] = i % 97 == 0 ? Float.NaN : (float) r.nextGaussian();
            mass[i] = (float) (10 + r.nextGaussian());
            flag[i] = r.nextInt(1 << 20);
            nobs[i] = (short) r.nextInt(100);
        }
        FitsTableWriter w = new FitsTableWriter();
        w.table("WARMUP").column("ID", id).column("RA", ra).column("DEC", dec).column("Z", z)
                .column("FLUX", flux).column("LOGMSTAR", mass).column("FLAG", flag).column("NOBS", nobs);
        return w;
    }

    /** An upload that has all arrived, as the load of an upload sees its file by the end. */
    private static final class Arrived implements FileArrival {
        @Override
        public boolean await(long endExclusive) {
            return true;
        }
    }

    /** Every synthetic row is valid: a rejected one means the warm-up data is wrong. Nobody follows progress. */
    private static final RowListener ALL_VALID = new RowListener() {
        @Override
        public void rejected(long rowNumber, String reason, String rawValuesJson) {
            throw new IllegalStateException("synthetic row " + rowNumber + " rejected: " + reason);
        }

        @Override
        public void progress(long rowsRead, long rowsRejected, long bytesRead) {
            // nobody follows the warm-up
        }
    };

    private static long encodeAll(Path file, int mocOrder, FileArrival arrival) throws java.sql.SQLException {
        FitsTables tables = new FitsTables(file, arrival);
        BinaryTableLayout table = BinaryTableLayout.of(tables.find(null));
        List<CellEncoder> encoders = new ArrayList<>();
        for (FitsColumn c : table.columns()) {
            encoders.add(CellEncoder.natural(c));
        }
        GenericRowEncoder encoder = new GenericRowEncoder(1, encoders, table.column("RA").orElseThrow(),
                table.column("DEC").orElseThrow(), table.column("ID").orElseThrow(), mocOrder);
        try (PgBinaryCopyWriter out = PgBinaryCopyWriter.rowsOnly((bytes, offset, length) -> { }, 1 << 20);
             BinaryTableRows rows = new BinaryTableRows(file, table, BinaryTableRows.DEFAULT_BUFFER_BYTES, arrival)) {
            long rejected = encoder.writeAll(rows, out, ALL_VALID);
            out.flushRows();
            tables.requireSameInWholeFile();
            return table.rowCount() - rejected;
        }
    }

    /** The FastSpecFit file's headers and column layouts, read as a load starts. */
    private static void readLayouts(Path file, FileArrival arrival) {
        FitsTables tables = new FitsTables(file, arrival);
        for (String hdu : List.of("METADATA", "SPECPHOT", "FASTSPEC")) {
            BinaryTableLayout.of(tables.find(hdu));
        }
        tables.requireSameInWholeFile();
    }

    private static long encodeFastSpecFit(Path file, int mocOrder, FileArrival arrival)
            throws java.sql.SQLException, IOException {
        FitsTables tables = new FitsTables(file, arrival);
        BinaryTableLayout meta = BinaryTableLayout.of(tables.find("METADATA"));
        BinaryTableLayout phot = BinaryTableLayout.of(tables.find("SPECPHOT"));
        FastSpecFitRowEncoder encoder = new FastSpecFitRowEncoder(meta, phot, 1, 1, mocOrder);
        try (PgBinaryCopyWriter out = PgBinaryCopyWriter.rowsOnly((bytes, offset, length) -> { }, 1 << 20)) {
            FastSpecFitRowEncoder.Pass pass = encoder.writeAll(file, arrival, out, ALL_VALID);
            out.flushRows();
            FastSpecFitRowEncoder.requireAligned(file, meta, arrival.arriving()
                    ? FastSpecFitRowEncoder.readSpec(file, arrival) : tapWhileHashing(file), pass.targetIdFingerprint());
            tables.requireSameInWholeFile();
            return pass.read() - pass.rejected();
        }
    }

    /** FASTSPEC's TARGETIDs as a data-directory load gets them: from the pass hashing the file. */
    private static FastSpecFitRowEncoder.SpecPass tapWhileHashing(Path file) throws IOException {
        SpecTargetIdTap tap = SpecTargetIdTap.of(file);
        FileHasher.hash(file, tap, true);
        return tap.result().join();
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temporary file; the OS cleans its temp directory
            }
        }
    }
}
