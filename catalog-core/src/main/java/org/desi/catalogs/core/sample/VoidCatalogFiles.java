package org.desi.catalogs.core.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.desi.catalogs.core.fits.FitsTableWriter;

/**
 * Writes void-catalog files in the DESIVAST layouts (see FORMATS.md): VoidFinder (PRIMARY + MAXIMALS
 * + HOLES) and V2 (PRIMARY + VOIDS + ZONEVOID + GALZONE), and reads VAST's own test truth tables
 * ({@code x y z radius void ...} text). Positions are comoving Cartesian [Mpc/h].
 */
public final class VoidCatalogFiles {

    /** A VoidFinder hole: centre and radius [Mpc/h], and the void it belongs to. */
    public record Hole(double x, double y, double z, double radius, int voidId) {
    }

    /** A VoidFinder maximal sphere: one per void; edge 0 interior, 1 edge, 2 near the mask. */
    public record Maximal(double x, double y, double z, double radius, int voidId, int edge) {
    }

    /** A V2 void: centre [Mpc/h], effective radius [Mpc/h], surface areas [(Mpc/h)^2]. */
    public record V2Void(int voidId, double x, double y, double z, double radius, double totArea, double edgeArea) {
    }

    /** A V2 zone: smallest (void0) and largest (void1) containing void, -1 for none. */
    public record V2Zone(int zone, int void0, int void1) {
    }

    /**
     * A V2 tracer galaxy with its TARGETID, position [Mpc/h], zone, and the GALZONE flags EDGE (its
     * Voronoi cell is open at the survey edge) and OUT (outside the survey mask, zone -1).
     */
    public record V2Galaxy(long gal, long targetId, double x, double y, double z, int zone, int edge, int out) {
        public V2Galaxy(long gal, long targetId, double x, double y, double z, int zone) {
            this(gal, targetId, x, y, z, zone, 0, 0);
        }
    }

    private VoidCatalogFiles() {
    }

    /** Reads VAST's {@code *_holes_truth.txt}: x y z radius void. */
    public static List<Hole> readVastHoles(Path txt) throws IOException {
        List<Hole> holes = new ArrayList<>();
        for (double[] v : readNumbers(txt)) {
            holes.add(new Hole(v[0], v[1], v[2], v[3], (int) v[4]));
        }
        return holes;
    }

    /** Reads VAST's {@code *_maximal_truth.txt}: x y z radius void edge r ra dec. */
    public static List<Maximal> readVastMaximals(Path txt) throws IOException {
        List<Maximal> maximals = new ArrayList<>();
        for (double[] v : readNumbers(txt)) {
            maximals.add(new Maximal(v[0], v[1], v[2], v[3], (int) v[4], (int) v[5]));
        }
        return maximals;
    }

    private static List<double[]> readNumbers(Path txt) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(txt)) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s+");
            double[] v = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                v[i] = Double.parseDouble(parts[i]);
            }
            rows.add(v);
        }
        return rows;
    }

    /**
     * Writes a VoidFinder file. MAXIMALS carries R, RA and DEC computed from X, Y, Z with RA in
     * (-180, 180], as VoidFinder does (loaders must normalise it), and R_EFF from the void's holes.
     */
    public static void writeVoidFinder(Path out, double omegaM, List<Maximal> maximals, List<Hole> holes)
            throws IOException {
        writeVoidFinder(out, new FitsTableWriter().primary("OMEGAM", omegaM).primary("HP", 1.0).primary("ZLIML", 0.0)
                .primary("ZLIMU", 0.24).primary("DLIML", 0.0).primary("DLIMU", 677.4).primary("MAGLIM", -20.0),
                maximals, holes);
    }

    /**
     * Writes a VoidFinder file with the PRIMARY keywords already on {@code primary} (OMEGAM, HP, limits);
     * positions and radii are written as given, in the file's units (Mpc when HP != 1, as VAST does).
     */
    public static void writeVoidFinder(Path out, FitsTableWriter primary, List<Maximal> maximals, List<Hole> holes)
            throws IOException {
        int n = maximals.size();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] z = new double[n];
        double[] radius = new double[n];
        int[] voidId = new int[n];
        int[] edge = new int[n];
        double[] r = new double[n];
        double[] ra = new double[n];
        double[] dec = new double[n];
        double[] rEff = new double[n];
        for (int i = 0; i < n; i++) {
            Maximal m = maximals.get(i);
            x[i] = m.x();
            y[i] = m.y();
            z[i] = m.z();
            radius[i] = m.radius();
            voidId[i] = m.voidId();
            edge[i] = m.edge();
            r[i] = Math.sqrt(m.x() * m.x() + m.y() * m.y() + m.z() * m.z());
            ra[i] = Math.toDegrees(Math.atan2(m.y(), m.x()));
            dec[i] = Math.toDegrees(Math.asin(m.z() / r[i]));
            double volume = 0;
            for (Hole h : holes) {
                if (h.voidId() == m.voidId()) {
                    volume += h.radius() * h.radius() * h.radius(); // overlap ignored: a rough R_EFF is enough here
                }
            }
            rEff[i] = Math.cbrt(volume);
        }
        int k = holes.size();
        double[] hx = new double[k];
        double[] hy = new double[k];
        double[] hz = new double[k];
        double[] hr = new double[k];
        int[] hv = new int[k];
        for (int i = 0; i < k; i++) {
            Hole h = holes.get(i);
            hx[i] = h.x();
            hy[i] = h.y();
            hz[i] = h.z();
            hr[i] = h.radius();
            hv[i] = h.voidId();
        }
        FitsTableWriter w = primary;
        w.table("MAXIMALS").column("X", x, "Mpc/h").column("Y", y, "Mpc/h").column("Z", z, "Mpc/h")
                .column("RADIUS", radius, "Mpc/h").column("VOID", voidId).column("EDGE", edge)
                .column("R", r, "Mpc/h").column("RA", ra, "deg").column("DEC", dec, "deg")
                .column("R_EFF", rEff, "Mpc/h").column("R_EFF_UNCERT", new double[n], "Mpc/h");
        w.table("HOLES").column("X", hx, "Mpc/h").column("Y", hy, "Mpc/h").column("Z", hz, "Mpc/h")
                .column("RADIUS", hr, "Mpc/h").column("VOID", hv);
        w.write(out);
    }

    /** Writes a V2 file; {@code algorithm} goes into the PRIMARY keyword METHOD unless null. */
    public static void writeV2(Path out, double omegaM, String algorithm, List<V2Void> voids, List<V2Zone> zones,
                               List<V2Galaxy> galaxies) throws IOException {
        FitsTableWriter w = new FitsTableWriter().primary("OMEGAM", omegaM).primary("HP", 1.0);
        if (algorithm != null) {
            w.primary("METHOD", algorithm);
        }
        writeV2(out, w, voids, zones, galaxies);
    }

    /** Writes a V2 file with the PRIMARY keywords already on {@code primary}; values as given (file units). */
    public static void writeV2(Path out, FitsTableWriter primary, List<V2Void> voids, List<V2Zone> zones,
                               List<V2Galaxy> galaxies) throws IOException {
        int n = voids.size();
        int[] id = new int[n];
        double[][] cols = new double[7][n];
        double[][] axes = new double[9][n];
        for (int i = 0; i < n; i++) {
            V2Void v = voids.get(i);
            id[i] = v.voidId();
            double d = Math.sqrt(v.x() * v.x() + v.y() * v.y() + v.z() * v.z());
            cols[0][i] = v.x();
            cols[1][i] = v.y();
            cols[2][i] = v.z();
            cols[3][i] = v.radius();
            cols[4][i] = Math.toDegrees(Math.atan2(v.y(), v.x()));
            cols[5][i] = Math.toDegrees(Math.asin(v.z() / d));
            cols[6][i] = d / 3000.0; // rough redshift of the centre; only informative
            for (int a = 0; a < 9; a++) {
                axes[a][i] = a % 4 == 0 ? v.radius() : 0.0;  // a sphere: diagonal axes
            }
        }
        double[] tot = voids.stream().mapToDouble(V2Void::totArea).toArray();
        double[] edgeArea = voids.stream().mapToDouble(V2Void::edgeArea).toArray();
        FitsTableWriter w = primary;
        FitsTableWriter.Table t = w.table("VOIDS").column("VOID", id).column("X", cols[0], "Mpc/h")
                .column("Y", cols[1], "Mpc/h").column("Z", cols[2], "Mpc/h").column("REDSHIFT", cols[6])
                .column("RA", cols[4], "deg").column("DEC", cols[5], "deg").column("RADIUS", cols[3], "Mpc/h");
        String[] axisNames = {"X1", "Y1", "Z1", "X2", "Y2", "Z2", "X3", "Y3", "Z3"};
        for (int a = 0; a < 9; a++) {
            t.column(axisNames[a], axes[a], "Mpc/h");
        }
        t.column("TOT_AREA", tot).column("EDGE_AREA", edgeArea);
        w.table("ZONEVOID").column("ZONE", zones.stream().mapToInt(V2Zone::zone).toArray())
                .column("VOID0", zones.stream().mapToInt(V2Zone::void0).toArray())
                .column("VOID1", zones.stream().mapToInt(V2Zone::void1).toArray());
        int g = galaxies.size();
        w.table("GALZONE").column("GAL", galaxies.stream().mapToLong(V2Galaxy::gal).toArray())
                .column("TARGET", galaxies.stream().mapToLong(V2Galaxy::targetId).toArray())
                .column("X", galaxies.stream().mapToDouble(V2Galaxy::x).toArray(), "Mpc/h")
                .column("Y", galaxies.stream().mapToDouble(V2Galaxy::y).toArray(), "Mpc/h")
                .column("Z", galaxies.stream().mapToDouble(V2Galaxy::z).toArray(), "Mpc/h")
                .column("ZONE", galaxies.stream().mapToInt(V2Galaxy::zone).toArray())
                .column("DEPTH", new int[g])
                .column("EDGE", galaxies.stream().mapToInt(V2Galaxy::edge).toArray())
                .column("OUT", galaxies.stream().mapToInt(V2Galaxy::out).toArray());
        w.write(out);
    }
}
