package org.desi.catalogs.core.match;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * V2 (REVOLVER, VIDE) membership. A tracer galaxy (its TARGETID is in GALZONE) is in the void
 * {@code ZONEVOID[zone].VOID0} when that is not -1, else in a wall: this is V2's own answer. Any
 * other galaxy falls back to the classic approximation: inside the effective sphere (radius
 * R_eff) of a void, the one with the smallest R/R_eff. An edge void (EDGE_AREA / TOT_AREA &gt; 0.1)
 * gives {@code edge_void}.
 */
public final class V2Membership extends ComovingMembership {

    /** Fraction of a void's surface on the survey edge above which it is an edge void. */
    public static final double EDGE_AREA_FRACTION = 0.1;

    /** A void: centre [Mpc/h], effective radius [Mpc/h], surface areas [(Mpc/h)^2] (NaN if unknown). */
    public record Void(int voidId, double x, double y, double z, double radius, double totArea, double edgeArea) {
        boolean isEdge() {
            return totArea > 0 && edgeArea / totArea > EDGE_AREA_FRACTION;
        }
    }

    private final Void[] voids;
    private final Map<Integer, Integer> voidIndex = new HashMap<>();
    private final Map<Integer, Integer> zoneVoid;
    private final Map<Long, Integer> tracerZone;
    private final SphereIndex spheres;

    /**
     * @param zoneVoid   zone -> VOID0 (-1 for none)
     * @param tracerZone TARGETID of each tracer galaxy -> its zone
     */
    public V2Membership(Cosmology cosmology, Volume volume, List<Void> voidList, Map<Integer, Integer> zoneVoid,
                        Map<Long, Integer> tracerZone) {
        super(cosmology, volume);
        this.voids = voidList.toArray(new Void[0]);
        this.zoneVoid = zoneVoid;
        this.tracerZone = tracerZone;
        double[] x = new double[voids.length];
        double[] y = new double[voids.length];
        double[] z = new double[voids.length];
        double[] r = new double[voids.length];
        for (int i = 0; i < voids.length; i++) {
            voidIndex.put(voids[i].voidId(), i);
            x[i] = voids[i].x();
            y[i] = voids[i].y();
            z[i] = voids[i].z();
            r[i] = voids[i].radius();
        }
        spheres = new SphereIndex(x, y, z, r);
    }

    @Override
    Placement placeAt(long targetId, double px, double py, double pz) {
        Integer zone = tracerZone.get(targetId);
        if (zone != null) {
            Integer v0 = zoneVoid.get(zone);
            Integer idx = v0 == null ? null : voidIndex.get(v0);
            return idx == null ? Placement.WALL : placement(voids[idx], px, py, pz);
        }
        int[] best = {-1};
        double[] bestRatio = {Double.POSITIVE_INFINITY};
        spheres.containing(px, py, pz, i -> {
            double ratio = distance(voids[i], px, py, pz) / voids[i].radius();
            if (ratio < bestRatio[0]) {
                bestRatio[0] = ratio;
                best[0] = i;
            }
        });
        return best[0] < 0 ? Placement.WALL : placement(voids[best[0]], px, py, pz);
    }

    private static Placement placement(Void v, double px, double py, double pz) {
        double dist = distance(v, px, py, pz);
        return new Placement(v.isEdge() ? Environment.EDGE_VOID : Environment.VOID, v.voidId(), dist,
                dist / v.radius());
    }

    private static double distance(Void v, double px, double py, double pz) {
        return distance(v.x(), v.y(), v.z(), px, py, pz);
    }
}
