package org.desi.catalogs.ingest.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nom.tam.fits.Header;
import org.desi.catalogs.core.fits.FitsFormatException;
import org.desi.catalogs.core.fits.FitsLayout;

/**
 * What every void-catalog file shares: the cosmology and limits in its PRIMARY header (OMEGAM and HP
 * are required; distances are converted to Mpc/h with HP), and the rule that one void catalog is one file (void ids of NGC and SGC files overlap, so they are two catalogs).
 * A changed file replaces the catalog's voids and the environments computed from them.
 */
final class VoidCatalogFile {

    /** PRIMARY keywords DESIVAST/VAST write that we keep (all of them also go into the header JSON). */
    static final List<String> KEYWORDS = List.of("OMEGAM", "HP", "ZLIML", "ZLIMU", "DLIML", "DLIMU", "MAGLIM",
            "VOLUME", "NVOID", "NGAL", "METHOD");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Header primary;
    private final double omegaM;
    private final double hubbleH;

    VoidCatalogFile(FitsLayout fits) {
        this.primary = fits.hdus().get(0).header();
        this.omegaM = primary.getDoubleValue("OMEGAM", Double.NaN);
        if (!(omegaM > 0 && omegaM <= 1)) {
            throw new FitsFormatException("PRIMARY header of " + fits.path().getFileName() + " must give OMEGAM in"
                    + " (0, 1] (the matter density used for the comoving distances); "
                    + (primary.containsKey("OMEGAM") ? "it is " + primary.getStringValue("OMEGAM") : "it is missing"));
        }
        // VAST computes distances with H0 = 100 h km/s/Mpc: they are in Mpc/h only when HP = 1, else in
        // Mpc. The unit cannot be guessed, so HP is required and every distance is stored times HP [Mpc/h].
        if (!primary.containsKey("HP")) {
            throw new FitsFormatException("PRIMARY header of " + fits.path().getFileName() + " must give HP (h = H0 /"
                    + " 100 km/s/Mpc, in (0, 2]): VAST writes distances in Mpc/h only when HP = 1, otherwise in Mpc;"
                    + " it is missing");
        }
        this.hubbleH = primary.getDoubleValue("HP", Double.NaN);
        if (!(hubbleH > 0 && hubbleH <= 2)) {
            throw new FitsFormatException("PRIMARY keyword HP (h) must be in (0, 2], it is " + primary.getStringValue("HP"));
        }
    }

    /** A distance of the file [Mpc/h when HP = 1, else Mpc] in Mpc/h. */
    double mpcPerH(double fileDistance) {
        return fileDistance * hubbleH;
    }

    /** An area of the file in (Mpc/h)^2. */
    double mpcPerH2(double fileArea) {
        return fileArea * hubbleH * hubbleH;
    }

    String keyword(String key) {
        return primary.containsKey(key) ? primary.getStringValue(key) : null;
    }

    /**
     * Locks the catalog, refuses a second file name, and removes the rows of an earlier version of
     * this file together with environments derived from it. Returns the catalog's new source file id.
     */
    static int replace(LoadContext ctx, int catalogId) throws SQLException {
        Connection tx = ctx.tx();
        try (PreparedStatement s = tx.prepareStatement(
                "SELECT file_name FROM catalog_source_file WHERE catalog_id = ? AND file_name <> ?")) {
            s.setInt(1, catalogId);
            s.setString(2, ctx.fileName());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    throw new FitsFormatException("void catalog " + ctx.catalog() + " already holds " + rs.getString(1)
                            + "; a void catalog is one file (load NGC and SGC as two catalogs)");
                }
            }
        }
        for (String table : List.of("voidfinder_hole", "voidfinder_void", "v2_galaxy_zone", "v2_zone", "v2_void",
                "void_catalog")) {
            try (PreparedStatement d = tx.prepareStatement("DELETE FROM " + table + " WHERE catalog_id = ?")) {
                d.setInt(1, catalogId);
                d.executeUpdate();
            }
        }
        try (PreparedStatement d = tx.prepareStatement("DELETE FROM galaxy_environment WHERE void_catalog_id = ?")) {
            d.setInt(1, catalogId);
            d.executeUpdate();
        }
        return CatalogRegistry.replaceSourceFile(tx, catalogId, ctx.fileName(), ctx.sha256(), ctx.sizeBytes(),
                ctx.runId(), null);
    }

    /** Writes the {@code void_catalog} row: algorithm, cosmology, limits and the kept header keywords. */
    void record(Connection tx, int catalogId, String algorithm) throws SQLException {
        Map<String, String> header = new LinkedHashMap<>();
        for (String k : KEYWORDS) {
            if (keyword(k) != null) {
                header.put(k, keyword(k));
            }
        }
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO void_catalog (catalog_id, algorithm, omega_m,"
                + " hubble_h, z_min, z_max, d_min_mpc_per_h, d_max_mpc_per_h, mag_limit, volume_mpc3_per_h3, header)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            s.setInt(1, catalogId);
            s.setString(2, algorithm);
            s.setDouble(3, omegaM);
            s.setDouble(4, hubbleH);
            setOptional(s, 5, "ZLIML", 1);
            setOptional(s, 6, "ZLIMU", 1);
            setOptional(s, 7, "DLIML", hubbleH);
            setOptional(s, 8, "DLIMU", hubbleH);
            setOptional(s, 9, "MAGLIM", 1);
            setOptional(s, 10, "VOLUME", hubbleH * hubbleH * hubbleH);
            s.setString(11, JSON.writeValueAsString(header));
            s.executeUpdate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The keyword's value times {@code toStoredUnit} (h^n for distances, areas, volumes), or NULL. */
    private void setOptional(PreparedStatement s, int i, String key, double toStoredUnit) throws SQLException {
        double v = primary.getDoubleValue(key, Double.NaN) * toStoredUnit;
        if (Double.isFinite(v)) {
            s.setDouble(i, v);
        } else {
            s.setNull(i, Types.DOUBLE);
        }
    }
}
