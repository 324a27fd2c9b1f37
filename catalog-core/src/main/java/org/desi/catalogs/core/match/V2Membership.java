package org.desi.catalogs.core.match;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.desi.catalogs.core.match.VoidMembership.Environment;

/**
 * V2 (REVOLVER, VIDE, ZOBOV) membership as VAST defines it (DESI-UR/VAST
 * {@code catalog/void_overlap.py}: {@code prep_V2_cat}, {@code point_query_V2}). V2 grows its voids
 * from the Voronoi cells of a tracer sample (GALZONE), so membership is a property of tracers:
 * <ol>
 *   <li>The galaxy's tracer: the GALZONE row with its TARGETID if it is a tracer, otherwise (rule
 *   {@link Rule#NEAREST_TRACER}, the default) the tracer nearest to it in comoving space (k = 1,
 *   Euclidean, GALZONE X, Y, Z as written by V2; ties to the earlier GALZONE row).</li>
 *   <li>{@code OUT = 1} (the tracer lies outside the survey mask; V2 gives it no zone): the galaxy
 *   is {@code outside}.</li>
 *   <li>The tracer's zone names its void: {@code ZONEVOID[zone].VOID0} (the smallest void containing
 *   the zone). A void: {@code void}, or {@code edge_void} when the void is an edge void (EDGE_AREA /
 *   TOT_AREA &gt; 0.1, or the VOIDS column EDGE = 1) or the tracer has {@code EDGE = 1}.</li>
 *   <li>No void ({@code VOID0 = -1}, or zone -1): {@code wall}, or {@code edge} when the tracer has
 *   {@code EDGE = 1} (its Voronoi cell is open at the survey boundary, so V2 could not measure the
 *   density there: VAST's "too close to the boundary to determine", vflag 2). Such galaxies carry
 *   the void whose centre is nearest.</li>
 * </ol>
 * Rule {@link Rule#EFFECTIVE_SPHERE}, only when asked for by name, keeps step 1 for tracers but places
 * every other galaxy in the void whose effective sphere (radius R_eff around the centre) contains it
 * with the smallest R/R_eff: the classic approximation, which ignores the zones' real shapes.
 * Distances and R/R_eff are to the void centre in units of the void's effective radius.
 */
public final class V2Membership extends ComovingMembership {

    /** Fraction of a void's surface on the survey edge above which it is an edge void. */
    public static final double EDGE_AREA_FRACTION = 0.1;

    /** How galaxies that are not tracers are placed. */
    public enum Rule {
        NEAREST_TRACER("nearest-tracer"), EFFECTIVE_SPHERE("effective-sphere");

        private final String apiName;

        Rule(String apiName) {
            this.apiName = apiName;
        }

        public String apiName() {
            return apiName;
        }

        /** The rule named {@code name} ({@code nearest-tracer} or {@code effective-sphere}); null gives the default. */
        public static Rule parse(String name) {
            if (name == null || name.isBlank()) {
                return NEAREST_TRACER;
            }
            for (Rule r : values()) {
                if (r.apiName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return r;
                }
            }
            throw new IllegalArgumentException("v2Rule must be 'nearest-tracer' (VAST's rule, the default) or"
                    + " 'effective-sphere' (the classic approximation), got '" + name + "'");
        }
    }

    /**
     * A void: centre [Mpc/h], effective radius [Mpc/h], surface areas [(Mpc/h)^2] (NaN if unknown) and
     * the VOIDS column EDGE (-1 if the file has none).
     */
    public record Void(int voidId, double x, double y, double z, double radius, double totArea, double edgeArea,
                       int edge) {
        public Void(int voidId, double x, double y, double z, double radius, double totArea, double edgeArea) {
            this(voidId, x, y, z, radius, totArea, edgeArea, -1);
        }

        boolean isEdge() {
            return edge == 1 || (totArea > 0 && edgeArea / totArea > EDGE_AREA_FRACTION);
        }
    }

    /**
     * The GALZONE tracers, one entry per row in file order: TARGETID (or {@code Long.MIN_VALUE} when
     * unknown), comoving position [Mpc/h], zone (-1 for none), and the EDGE and OUT flags.
     */
    public record Tracers(long[] targetIds, double[] x, double[] y, double[] z, int[] zone, boolean[] edge,
                          boolean[] out) {
        public Tracers {
            int n = targetIds.length;
            if (x.length != n || y.length != n || z.length != n || zone.length != n || edge.length != n || out.length != n) {
                throw new IllegalArgumentException("tracer columns must have the same length");
            }
        }

        public int size() {
            return targetIds.length;
        }
    }

    private final Rule rule;
    private final Void[] voids;
    private final VoidCentres centres;
    private final Map<Integer, Integer> zoneVoidPosition = new HashMap<>();
    private final Tracers tracers;
    /** TARGETIDs sorted, and the tracer row of each (the first row for a repeated TARGETID). */
    private final long[] sortedIds;
    private final int[] sortedRows;
    private final NearestPointIndex tracerIndex;
    private final SphereIndex spheres;

    /** @param zoneVoid zone -&gt; VOID0 (-1 for none); zones not listed have none */
    public V2Membership(Cosmology cosmology, Volume volume, List<Void> voidList, Map<Integer, Integer> zoneVoid,
                        Tracers tracers, Rule rule) {
        super(cosmology, volume);
        this.rule = rule;
        this.voids = voidList.toArray(new Void[0]);
        this.tracers = tracers;
        centres = new VoidCentres(voids, Void::voidId, Void::x, Void::y, Void::z, Void::radius);
        spheres = new SphereIndex(centres.x(), centres.y(), centres.z(), centres.rEff());
        zoneVoid.forEach((zone, v0) -> {
            Integer p = v0 == null || v0 < 0 ? null : centres.position(v0);
            if (p != null) {
                zoneVoidPosition.put(zone, p);
            }
        });
        int n = tracers.size();
        Integer[] byId = new Integer[n];
        for (int i = 0; i < n; i++) {
            byId[i] = i;
        }
        Arrays.sort(byId, (a, b) -> Long.compare(tracers.targetIds()[a], tracers.targetIds()[b]));  // stable
        sortedIds = new long[n];
        sortedRows = new int[n];
        for (int i = 0; i < n; i++) {
            sortedRows[i] = byId[i];
            sortedIds[i] = tracers.targetIds()[byId[i]];
        }
        tracerIndex = rule == Rule.NEAREST_TRACER ? new NearestPointIndex(tracers.x(), tracers.y(), tracers.z()) : null;
    }

    /** Convenience for tracers known only by TARGETID and zone (no positions, no flags): effective-sphere rule. */
    public static V2Membership effectiveSphere(Cosmology cosmology, Volume volume, List<Void> voids,
                                               Map<Integer, Integer> zoneVoid, Map<Long, Integer> tracerZone) {
        int n = tracerZone.size();
        long[] ids = new long[n];
        int[] zones = new int[n];
        int i = 0;
        for (Map.Entry<Long, Integer> e : tracerZone.entrySet()) {
            ids[i] = e.getKey();
            zones[i++] = e.getValue();
        }
        Tracers t = new Tracers(ids, new double[n], new double[n], new double[n], zones, new boolean[n], new boolean[n]);
        return new V2Membership(cosmology, volume, voids, zoneVoid, t, Rule.EFFECTIVE_SPHERE);
    }

    public Rule rule() {
        return rule;
    }

    /** The GALZONE row whose TARGET is {@code targetId} (the first one), or -1. */
    private int tracerRow(long targetId) {
        int lo = 0;
        int hi = sortedIds.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedIds[mid] < targetId) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < sortedIds.length && sortedIds[lo] == targetId ? sortedRows[lo] : -1;
    }

    @Override
    Placement placeAt(long targetId, double px, double py, double pz) {
        int t = targetId == Long.MIN_VALUE ? -1 : tracerRow(targetId);
        if (t < 0) {
            if (rule == Rule.EFFECTIVE_SPHERE) {
                return effectiveSphere(px, py, pz);
            }
            t = tracerIndex.nearest(px, py, pz);
            if (t < 0) {
                return Placement.OUTSIDE;   // a catalog without tracers cannot place anything
            }
        }
        return byTracer(t, px, py, pz);
    }

    private Placement byTracer(int t, double px, double py, double pz) {
        if (tracers.out()[t]) {
            return Placement.OUTSIDE;
        }
        boolean edgeTracer = tracers.edge()[t];
        int zone = tracers.zone()[t];
        Integer v = zone < 0 ? null : zoneVoidPosition.get(zone);
        if (v == null) {
            return centres.nearest(edgeTracer ? Environment.EDGE : Environment.WALL, px, py, pz);
        }
        return centres.in(v, edgeTracer || voids[v].isEdge() ? Environment.EDGE_VOID : Environment.VOID, px, py, pz);
    }

    private Placement effectiveSphere(double px, double py, double pz) {
        int[] best = {-1};
        double[] bestRatio = {Double.POSITIVE_INFINITY};
        spheres.containing(px, py, pz, i -> {
            double ratio = distance(voids[i].x(), voids[i].y(), voids[i].z(), px, py, pz) / voids[i].radius();
            if (ratio < bestRatio[0]) {
                bestRatio[0] = ratio;
                best[0] = i;
            }
        });
        if (best[0] < 0) {
            return centres.nearest(Environment.WALL, px, py, pz);
        }
        return centres.in(best[0], voids[best[0]].isEdge() ? Environment.EDGE_VOID : Environment.VOID, px, py, pz);
    }
}
