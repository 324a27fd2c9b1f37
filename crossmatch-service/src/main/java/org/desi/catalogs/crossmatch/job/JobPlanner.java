package org.desi.catalogs.crossmatch.job;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.desi.catalogs.core.sky.ZoneIndex;
import org.desi.catalogs.crossmatch.CrossmatchSettings;
import org.desi.catalogs.service.problem.ApiProblemException;
import org.desi.catalogs.service.sql.TransactionScope;

/**
 * Turns a request into a job and its partitions, in one transaction. A sky job's partitions are
 * contiguous ranges of the left catalog's declination zones holding about equal numbers of rows; the
 * first starts at zone 0 and the last ends at the top zone, so together they cover the whole sky. A
 * voids job's are ranges of galaxy ids, then a publishing step.
 */
@ApplicationScoped
public class JobPlanner {

    private final AgroalDataSource db;
    private final CrossmatchSettings settings;

    public JobPlanner(AgroalDataSource db, CrossmatchSettings settings) {
        this.db = db;
        this.settings = settings;
    }

    /**
     * Creates the job, recording who submitted it (a token subject); returns its id. Bad catalogs and
     * parameters are 400 problems; nothing is created then.
     */
    public long create(CrossmatchRequest req, String submittedBy) throws SQLException {
        req.validate();
        try (Connection c = db.getConnection(); TransactionScope tx = TransactionScope.begin(c)) {
            long id = req.isSky() ? createSky(c, req, submittedBy) : createVoids(c, req, submittedBy);
            c.commit();
            return id;
        }
    }

    private long createSky(Connection c, CrossmatchRequest req, String submittedBy) throws SQLException {
        CatalogRef left = CatalogLookup.require(c, "left", req.left());
        CatalogRef right = CatalogLookup.require(c, "right", req.right());
        requirePositions(c, "left", left);
        requirePositions(c, "right", right);
        long jobId = insertJob(c, "sky", left, right, req.radiusArcsec(), req.skyMode().name().toLowerCase(), null,
                submittedBy);
        insertPartitions(c, jobId, left);
        return jobId;
    }

    private long createVoids(Connection c, CrossmatchRequest req, String submittedBy) throws SQLException {
        CatalogRef galaxies = CatalogLookup.require(c, "galaxies", req.galaxies());
        CatalogRef voids = CatalogLookup.require(c, "voids", req.voids());
        requirePositions(c, "galaxies", galaxies);
        if (galaxies.zColumn() == null) {
            throw ApiProblemException.badRequest("galaxies: catalog '" + galaxies.name() + "' has no redshift column;"
                    + " void membership is 3-D (load it with zColumn)");
        }
        if (!voids.isVoidCatalog()) {
            throw ApiProblemException.badRequest("voids: catalog '" + voids.name() + "' is a " + voids.kind()
                    + " catalog; give a voidfinder or v2 void catalog");
        }
        String v2Rule = null;
        if (voids.kind().equals("v2")) {
            v2Rule = req.v2MembershipRule().apiName();   // recorded even when defaulted: provenance
        } else if (req.v2Rule() != null) {
            throw ApiProblemException.badRequest("v2Rule applies to v2 void catalogs; '" + voids.name() + "' is a "
                    + voids.kind() + " catalog (a galaxy is in a VoidFinder void when inside one of its holes)");
        }
        // one environment per (galaxies, voids): lock the pair, refuse while another job writes it
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            s.setInt(1, galaxies.id());
            s.setInt(2, voids.id());
            s.execute();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT job_id FROM desi.crossmatch_job WHERE type = 'voids'"
                + " AND left_catalog_id = ? AND right_catalog_id = ? AND status IN ('QUEUED', 'RUNNING')")) {
            s.setInt(1, galaxies.id());
            s.setInt(2, voids.id());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    throw new ApiProblemException(409, "job " + rs.getLong(1) + " is already placing " + galaxies.name()
                            + " in " + voids.name() + "; wait for it or cancel it (DELETE /api/v1/crossmatch/jobs/"
                            + rs.getLong(1) + ")");
                }
            }
        }
        long jobId = insertJob(c, "voids", galaxies, voids, null, null, v2Rule, submittedBy);
        insertIdPartitions(c, jobId, galaxies);
        // the job writes into a table of its own; the pair's current results stay readable until it succeeds
        try (PreparedStatement s = c.prepareStatement("SELECT desi.galaxy_environment_stage(?)")) {
            s.setLong(1, jobId);
            s.execute();
        }
        return jobId;
    }

    private static void requirePositions(Connection c, String parameter, CatalogRef ref) throws SQLException {
        if (!ref.hasPositions()) {
            throw ApiProblemException.badRequest(parameter + ": catalog '" + ref.name() + "' has no positions"
                    + " (it was loaded without raColumn/decColumn)");
        }
        CatalogLookup.requireIntegerIds(c, parameter, ref);
    }

    private static long insertJob(Connection c, String type, CatalogRef left, CatalogRef right, Double radius,
                                  String mode, String v2Rule, String submittedBy) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO desi.crossmatch_job (type, left_catalog_id,"
                + " right_catalog_id, radius_arcsec, mode, v2_rule, submitted_by) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " RETURNING job_id")) {
            s.setString(1, type);
            s.setInt(2, left.id());
            s.setInt(3, right.id());
            s.setObject(4, radius);
            s.setString(5, mode);
            s.setString(6, v2Rule);
            s.setString(7, submittedBy);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Splits a voids job into ranges of galaxy ids holding about equal numbers of rows (a galaxy is
     * placed on its own, so any split works; id ranges read each page of the table once). The first
     * range is open below and the last open above, so together they hold every galaxy with an id.
     */
    private void insertIdPartitions(Connection c, long jobId, CatalogRef galaxies) throws SQLException {
        long rows;
        try (PreparedStatement s = c.prepareStatement("SELECT row_count FROM desi.catalog WHERE catalog_id = ?")) {
            s.setInt(1, galaxies.id());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                rows = rs.getLong(1);   // the registry's count: only sizes the ranges, the bounds come from the rows
            }
        }
        int n = (int) Math.max(Math.max(1, settings.partitions()),
                (rows + settings.maxRowsPerPartition() - 1) / Math.max(1, settings.maxRowsPerPartition()));
        List<Long> starts = new ArrayList<>();
        if (n > 1) {
            StringBuilder fractions = new StringBuilder("ARRAY[");
            for (int i = 1; i < n; i++) {
                fractions.append(i == 1 ? "" : ", ").append((double) i / n);
            }
            String id = galaxies.col(galaxies.idColumn());
            // the bounds are quantiles of a sample of the table's pages (about idSampleRows of this catalog's
            // rows; all of them when it is small): sorting every id took 0.25 s per million rows, and the
            // bounds only balance the ranges, the open first and last ranges keep every galaxy in
            double percent = Math.min(100, 100.0 * settings.idSampleRows() / Math.max(1, rows));
            String from = " FROM " + galaxies.table()
                    + (percent < 100 ? " TABLESAMPLE SYSTEM (" + percent + ") REPEATABLE (" + jobId + ")" : "")
                    + " WHERE " + (galaxies.shared() ? "catalog_id = ? AND " : "");
            try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT b FROM unnest((SELECT percentile_disc("
                    + fractions + "]::float8[]) WITHIN GROUP (ORDER BY " + id + "::bigint)" + from + " "
                    + id + " IS NOT NULL)) AS b ORDER BY b")) {
                if (galaxies.shared()) {
                    s.setInt(1, galaxies.id());
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        starts.add(rs.getLong(1));
                    }
                }
            }
        }
        int topZone = new ZoneIndex(galaxies.zoneHeightDeg()).maxZone();
        // the ranges, then the publishing step (indexes the job's rows and attaches them once all are placed)
        try (PreparedStatement s = c.prepareStatement("INSERT INTO desi.crossmatch_partition (job_id, partition_no,"
                + " zone_min, zone_max, id_min, id_max, step) VALUES (?, ?, 0, ?, ?, ?, ?)")) {
            for (int i = 0; i <= starts.size() + 1; i++) {
                boolean match = i <= starts.size();
                s.setLong(1, jobId);
                s.setInt(2, i);
                s.setInt(3, topZone);
                s.setObject(4, i == 0 || !match ? null : starts.get(i - 1));
                s.setObject(5, i >= starts.size() ? null : starts.get(i) - 1);
                s.setString(6, match ? "match" : "publish");
                s.addBatch();
            }
            s.executeBatch();
        }
        setPartitionsTotal(c, jobId, starts.size() + 2);
    }

    private void insertPartitions(Connection c, long jobId, CatalogRef left) throws SQLException {
        List<long[]> histogram = new ArrayList<>();   // {zone, rows}
        long total = 0;
        try (PreparedStatement s = c.prepareStatement("SELECT zone, count(*)" + left.fromWhere()
                + " true GROUP BY zone ORDER BY zone")) {
            if (left.shared()) {
                s.setInt(1, left.id());
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    histogram.add(new long[] {rs.getInt(1), rs.getLong(2)});
                    total += rs.getLong(2);
                }
            }
        }
        int topZone = new ZoneIndex(left.zoneHeightDeg()).maxZone();
        List<int[]> ranges = new ArrayList<>();
        long partitions = Math.max(Math.max(1, settings.partitions()),
                (total + settings.maxRowsPerPartition() - 1) / Math.max(1, settings.maxRowsPerPartition()));
        long perPartition = Math.max(1, (total + partitions - 1) / partitions);
        int start = 0;
        long acc = 0;
        for (long[] h : histogram) {
            if (acc > 0 && acc + h[1] > settings.maxRowsPerPartition()) {
                ranges.add(new int[] {start, (int) h[0] - 1});   // this zone would take it over the bound
                start = (int) h[0];
                acc = 0;
            }
            acc += h[1];
            if (acc >= perPartition && h[0] < topZone) {
                ranges.add(new int[] {start, (int) h[0]});
                start = (int) h[0] + 1;
                acc = 0;
            }
        }
        ranges.add(new int[] {start, topZone});
        try (PreparedStatement s = c.prepareStatement("INSERT INTO desi.crossmatch_partition (job_id, partition_no,"
                + " zone_min, zone_max) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < ranges.size(); i++) {
                s.setLong(1, jobId);
                s.setInt(2, i);
                s.setInt(3, ranges.get(i)[0]);
                s.setInt(4, ranges.get(i)[1]);
                s.addBatch();
            }
            s.executeBatch();
        }
        setPartitionsTotal(c, jobId, ranges.size());
    }

    private static void setPartitionsTotal(Connection c, long jobId, int partitions) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE desi.crossmatch_job SET partitions_total = ? WHERE job_id = ?")) {
            s.setInt(1, partitions);
            s.setLong(2, jobId);
            s.executeUpdate();
        }
    }
}
