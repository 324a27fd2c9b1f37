package org.desi.catalogs.query.adql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.schema.Column;
import org.desi.catalogs.core.sky.ConeBounds;
import org.desi.catalogs.core.sky.RaRange;
import org.desi.catalogs.core.sky.ZoneIndex;

/**
 * The ADQL geometry functions as PostgreSQL expressions on plain RA/Dec columns (no extension):
 * <ul>
 *   <li>{@code CONTAINS(POINT, CIRCLE)} / {@code INTERSECTS}: great-circle distance (haversine) <= radius;
 *   <li>{@code CONTAINS(POINT, POLYGON)}: the point is on the inner side of every edge (edges are great
 *       circles; the polygon must be convex, vertices in either order);
 *   <li>{@code BOX(ra, dec, width, height)}: the polygon with corners (ra +- width/2, dec +- height/2);
 *   <li>{@code DISTANCE}: the great-circle distance [deg]; {@code COORD1}/{@code COORD2}: RA/Dec.
 * </ul>
 * When the point is a table's own RA/Dec and the region is constant, the predicate also names the
 * declination zones and RA intervals that can hold a match, so PostgreSQL reads only those ranges
 * of the (zone, ra) index; when the region's centre is another table's position (a positional join),
 * the zones and RA interval around it. A circle's test is symmetric, so either side of it may be the
 * indexed one, and {@code DISTANCE(a, b) < r} gets the same. All are prefilters: the exact test decides.
 */
final class SkyRegionSql {

    private final AdqlTranslator translator;
    private final AdqlTranslator.Scope scope;

    SkyRegionSql(AdqlTranslator translator, AdqlTranslator.Scope scope) {
        this.translator = translator;
        this.scope = scope;
    }

    /** A point: SQL for RA and Dec [deg], their constant values when constant, the columns when plain columns. */
    private record Point(String raSql, String decSql, Double ra, Double dec, AdqlTranslator.ResolvedColumn raColumn,
                         AdqlTranslator.ResolvedColumn decColumn) {
    }

    /** The boolean predicate of CONTAINS(point, region) or INTERSECTS(point, region) (either order). */
    String predicate(Function f) {
        List<Expression> a = AdqlTranslator.args(f);
        AdqlTranslator.arity(f.getName().toUpperCase(Locale.ROOT), a, 2);
        String name = f.getName().toUpperCase(Locale.ROOT);
        Expression pointArg = a.get(0);
        Expression regionArg = a.get(1);
        if (name.equals("INTERSECTS") && isFunction(regionArg, "POINT") && !isFunction(pointArg, "POINT")) {
            pointArg = a.get(1);
            regionArg = a.get(0);
        }
        if (!isFunction(pointArg, "POINT")) {
            throw new AdqlException(name + ": this service tests a POINT against a CIRCLE, BOX or POLYGON; the first"
                    + " argument must be POINT(...)");
        }
        Point p = point((Function) pointArg);
        if (!(regionArg instanceof Function region)) {
            throw new AdqlException(name + ": the second argument must be CIRCLE, BOX or POLYGON");
        }
        return switch (region.getName().toUpperCase(Locale.ROOT)) {
            case "CIRCLE" -> circle(p, region);
            case "BOX" -> polygon(p, boxCorners(region), "BOX");
            case "POLYGON" -> polygon(p, polygonVertices(region), "POLYGON");
            case "POINT" -> throw new AdqlException(name + " of two points is always 0 here; compare DISTANCE(...) with"
                    + " a tolerance");
            default -> throw new AdqlException(name + ": the region must be CIRCLE, BOX or POLYGON, got "
                    + region.getName());
        };
    }

    /** DISTANCE, COORD1, COORD2, or CONTAINS/INTERSECTS used as a number (1 inside, 0 outside). */
    String value(Function f) {
        String name = f.getName().toUpperCase(Locale.ROOT);
        List<Expression> a = AdqlTranslator.args(f);
        switch (name) {
            case "DISTANCE": {
                Point[] ab = distancePoints(f);
                return distanceDeg(ab[0].raSql(), ab[0].decSql(), ab[1].raSql(), ab[1].decSql());
            }
            case "COORD1":
            case "COORD2": {
                AdqlTranslator.arity(name, a, 1);
                Point p = point(requirePoint(a.get(0), name));
                return name.equals("COORD1") ? p.raSql() : p.decSql();
            }
            default:
                return "(CASE WHEN " + predicate(f) + " THEN 1 ELSE 0 END)";
        }
    }

    /** DISTANCE's two points: DISTANCE(POINT, POINT) or ADQL 2.1's DISTANCE(ra1, dec1, ra2, dec2). */
    private Point[] distancePoints(Function f) {
        List<Expression> a = AdqlTranslator.args(f);
        if (a.size() == 2) {
            return new Point[] {point(requirePoint(a.get(0), "DISTANCE")), point(requirePoint(a.get(1), "DISTANCE"))};
        } else if (a.size() == 4) {
            return new Point[] {point(a.get(0), a.get(1)), point(a.get(2), a.get(3))};
        }
        throw new AdqlException("DISTANCE takes two POINTs or four numbers (ra1, dec1, ra2, dec2)");
    }

    private static Function requirePoint(Expression e, String fn) {
        if (!isFunction(e, "POINT")) {
            throw new AdqlException(fn + " takes POINT(...) arguments, got " + e);
        }
        return (Function) e;
    }

    private static boolean isFunction(Expression e, String name) {
        return e instanceof Function f && f.getName().equalsIgnoreCase(name);
    }

    /** Drops a leading coordinate-system string ('ICRS' or ''; ADQL 2.1 made it optional). */
    private static List<Expression> withoutCoordSys(Function f) {
        List<Expression> a = AdqlTranslator.args(f);
        if (!a.isEmpty() && a.get(0) instanceof StringValue sv) {
            String sys = sv.getValue().trim().toUpperCase(Locale.ROOT);
            if (!sys.isEmpty() && !sys.equals("ICRS") && !sys.startsWith("ICRS ") && !sys.equals("J2000")) {
                throw new AdqlException(f.getName().toUpperCase(Locale.ROOT) + ": coordinate system '" + sv.getValue()
                        + "' is not supported; positions here are ICRS");
            }
            return a.subList(1, a.size());
        }
        return a;
    }

    private Point point(Function f) {
        List<Expression> a = withoutCoordSys(f);
        if (a.size() != 2) {
            throw new AdqlException("POINT takes ('ICRS',) ra, dec; got " + f);
        }
        return point(a.get(0), a.get(1), "POINT");
    }

    private Point point(Expression ra, Expression dec) {
        return point(ra, dec, "POINT");
    }

    private Point point(Expression ra, Expression dec, String what) {
        Double raC = translator.constant(ra);
        Double decC = translator.constant(dec);
        if (raC != null) {
            checkRa(raC, what);
        }
        if (decC != null) {
            checkDec(decC, what);
        }
        AdqlTranslator.ResolvedColumn raCol = ra instanceof Column c ? translator.column(c, scope, false) : null;
        AdqlTranslator.ResolvedColumn decCol = dec instanceof Column c ? translator.column(c, scope, false) : null;
        return new Point(raC != null ? translator.param(raC) : translator.value(ra, scope),
                decC != null ? translator.param(decC) : translator.value(dec, scope), raC, decC, raCol, decCol);
    }

    private String circle(Point p, Function circle) {
        List<Expression> a = withoutCoordSys(circle);
        Point centre;
        Expression radius;
        if (a.size() == 2 && isFunction(a.get(0), "POINT")) {
            centre = point((Function) a.get(0));
            radius = a.get(1);
        } else if (a.size() == 3) {
            centre = point(a.get(0), a.get(1), "CIRCLE centre");
            radius = a.get(2);
        } else {
            throw new AdqlException("CIRCLE takes ('ICRS',) ra, dec, radius or (POINT, radius); got " + circle);
        }
        Double r = translator.constant(radius);
        String rSql;
        if (r != null) {
            if (!(r > 0 && r <= 180)) {
                throw new AdqlException("CIRCLE radius " + r + " deg is outside (0, 180] deg");
            }
            rSql = translator.param(r);
        } else {
            rSql = translator.value(radius, scope);
        }
        String exact = distanceDeg(p.raSql(), p.decSql(), centre.raSql(), centre.decSql()) + " <= " + rSql;
        String prefilter = r == null ? null : prefilter(p, centre, r);
        return "(" + (prefilter == null ? "" : prefilter + " AND ") + exact + ")";
    }

    /**
     * {@code DISTANCE(a, b) < r} or {@code <= r} ({@code strict} for {@code <}) with a constant r [deg]: the exact
     * comparison, with the same index prefilter as {@code CONTAINS(POINT(a), CIRCLE(b, r)) = 1} when r is in
     * (0, 180) (at 180 and above every pair qualifies, at 0 and below none or only coincident points).
     */
    String distanceWithin(Function distance, boolean strict, double radiusDeg) {
        Point[] ab = distancePoints(distance);
        String exact = distanceDeg(ab[0].raSql(), ab[0].decSql(), ab[1].raSql(), ab[1].decSql())
                + (strict ? " < " : " <= ") + translator.param(radiusDeg);
        String prefilter = radiusDeg > 0 && radiusDeg < 180 ? prefilter(ab[0], ab[1], radiusDeg) : null;
        return "(" + (prefilter == null ? "" : prefilter + " AND ") + exact + ")";
    }

    /**
     * The index prefilter of "a within radiusDeg of b", on whichever side can use one: the distance is
     * symmetric, so CONTAINS(POINT(u.ra, u.dec), CIRCLE(g.ra, g.dec, r)) probes g's (zone, ra) index around
     * each u as the usual form does, and a constant point in a circle around a table's rows is a cone
     * around that point. Null when neither side is a table's own indexed position.
     */
    private String prefilter(Point a, Point b, double radiusDeg) {
        String s = null;
        if (b.ra() != null && b.dec() != null) {
            s = conePrefilter(a, b.ra() % 360.0, b.dec(), radiusDeg);
        } else if (a.ra() != null && a.dec() != null) {
            s = conePrefilter(b, a.ra() % 360.0, a.dec(), radiusDeg);
        }
        if (s != null) {
            return s;
        }
        // a join: one side's zone index is probed per row of the other. Between two indexed tables, the larger
        // (the registry's row counts; the point's table when unknown or equal): bounding both sides made
        // PostgreSQL probe the small table once per row of the large one (1.4 s against 0.35 s for 2,000 x 1M
        // rows, by hand). Only the chosen side's bounds are written: every bind parameter must appear.
        if (probeable(a, b) && probeable(b, a)) {
            return rows(b) > rows(a) ? joinPrefilter(b, a, radiusDeg) : joinPrefilter(a, b, radiusDeg);
        }
        s = joinPrefilter(a, b, radiusDeg);
        return s != null ? s : joinPrefilter(b, a, radiusDeg);
    }

    /** Whether joinPrefilter(p, other, r) would bound p's table: p is a table's own indexed position, other another's. */
    private static boolean probeable(Point p, Point other) {
        AdqlTranslator.Entry e = indexedEntry(p);
        return e != null && other.decColumn() != null && other.decColumn().entry() != e;
    }

    private static long rows(Point p) {
        return indexedEntry(p).table().rowCount();
    }

    /** The zones and RA intervals of the (zone, ra) index that can hold a point within r of a constant centre. */
    private String conePrefilter(Point p, double raDeg, double decDeg, double radiusDeg) {
        AdqlTranslator.Entry e = indexedEntry(p);
        if (e == null) {
            return null;
        }
        translator.noteIndexedCone();
        ConeBounds b = new ZoneIndex(e.table().zoneHeightDeg()).cone(raDeg, decDeg, radiusDeg);
        String zone = e.sqlAlias() + "." + org.desi.catalogs.service.sql.SqlIdentifiers.quote(e.table().zoneColumn());
        StringBuilder s = new StringBuilder();
        if (b.zoneMax() - b.zoneMin() < 2000) {
            // one index descent per zone (PostgreSQL's ScalarArrayOp), as the /cone endpoint does
            Integer[] zones = new Integer[b.zoneMax() - b.zoneMin() + 1];
            for (int z = 0; z < zones.length; z++) {
                zones[z] = b.zoneMin() + z;
            }
            s.append(zone).append(" = ANY(").append(translator.paramArray(zones)).append(')');
        } else {
            s.append(zone).append(" BETWEEN ").append(b.zoneMin()).append(" AND ").append(b.zoneMax());
        }
        if (!b.coversAllRa()) {
            List<RaRange> ranges = b.raRanges();
            String ra = p.raSql();
            if (ranges.size() == 1) {
                s.append(" AND ").append(ra).append(" BETWEEN ").append(translator.param(ranges.get(0).minDeg()))
                        .append(" AND ").append(translator.param(ranges.get(0).maxDeg()));
            } else {   // crossing RA 0/360
                s.append(" AND (").append(ra).append(" <= ").append(translator.param(ranges.get(0).maxDeg()))
                        .append(" OR ").append(ra).append(" >= ").append(translator.param(ranges.get(1).minDeg()))
                        .append(')');
            }
        }
        // the source files none of whose rows can be in the cone: PostgreSQL leaves their partitions out (as /cone)
        int[] outside = e.table().filesOutsideCone().of(raDeg, decDeg, radiusDeg);
        if (outside.length > 0) {
            s.append(" AND ").append(e.sqlAlias()).append(".source_file_id NOT IN (");
            for (int i = 0; i < outside.length; i++) {
                s.append(i == 0 ? "" : ", ").append(translator.param(outside[i]));
            }
            s.append(')');
        }
        return s.toString();
    }

    /**
     * A positional join: the zones of the point's table within r of the other table's declination, and the RA
     * interval within r of its RA, both index conditions of the (zone, ra) B-tree, evaluated per row of the other
     * table. The interval's half-width is the circle's RA extent, asin(sin r / cos dec); where the circle reaches
     * a pole or the interval crosses RA 0/360 (or the other table's RA is outside [0, 360)) it is the whole zone,
     * which keeps one index range per zone band without an OR. The exact distance test decides.
     */
    private String joinPrefilter(Point p, Point centre, double radiusDeg) {
        if (!probeable(p, centre)) {
            return null;
        }
        AdqlTranslator.Entry e = indexedEntry(p);
        String zone = e.sqlAlias() + "." + org.desi.catalogs.service.sql.SqlIdentifiers.quote(e.table().zoneColumn());
        String h = translator.param(e.table().zoneHeightDeg());
        String r = translator.param(radiusDeg);
        String zones = zone + " BETWEEN floor((" + centre.decSql() + " + 90.0 - " + r + ") / " + h + ")::int AND floor(("
                + centre.decSql() + " + 90.0 + " + r + ") / " + h + ")::int";
        if (centre.raColumn() == null || centre.raColumn().entry() == e) {
            return zones;
        }
        // a margin of 1e-9 relative and 1e-9 deg keeps rounding from losing a pair at the interval's edge
        String halfWidth = "(degrees(asin(least(1.0, sin(radians(" + r + ")) / greatest(cos(radians(" + centre.decSql()
                + ")), 1e-12)))) * (1 + 1e-9) + 1e-9)";
        String cra = centre.raSql();
        String whole = "(abs(" + centre.decSql() + ") + " + r + " >= 90.0 OR " + cra + " - " + halfWidth + " < 0.0 OR "
                + cra + " + " + halfWidth + " > 360.0)";
        String ra = p.raSql();
        return zones + " AND " + ra + " >= CASE WHEN " + whole + " THEN 0.0 ELSE " + cra + " - " + halfWidth + " END"
                + " AND " + ra + " <= CASE WHEN " + whole + " THEN 360.0 ELSE " + cra + " + " + halfWidth + " END";
    }

    /** The table whose own RA/Dec columns the point is, when that table has a zone index. */
    private static AdqlTranslator.Entry indexedEntry(Point p) {
        if (p.raColumn() == null || p.decColumn() == null || p.raColumn().entry() != p.decColumn().entry()) {
            return null;
        }
        TapTable t = p.raColumn().entry().table();
        if (t.zoneColumn() == null || !p.raColumn().column().name().equals(t.raColumn())
                || !p.decColumn().column().name().equals(t.decColumn())) {
            return null;
        }
        return p.raColumn().entry();
    }

    private List<double[]> boxCorners(Function box) {
        List<Expression> a = withoutCoordSys(box);
        double ra;
        double dec;
        double w;
        double h;
        if (a.size() == 3 && isFunction(a.get(0), "POINT")) {
            Point c = point((Function) a.get(0));
            if (c.ra() == null || c.dec() == null) {
                throw new AdqlException("BOX needs a constant centre");
            }
            ra = c.ra();
            dec = c.dec();
            w = requireConstant(a.get(1), "BOX width");
            h = requireConstant(a.get(2), "BOX height");
        } else if (a.size() == 4) {
            ra = requireConstant(a.get(0), "BOX ra");
            dec = requireConstant(a.get(1), "BOX dec");
            w = requireConstant(a.get(2), "BOX width");
            h = requireConstant(a.get(3), "BOX height");
        } else {
            throw new AdqlException("BOX takes ('ICRS',) ra, dec, width, height; got " + box);
        }
        checkRa(ra, "BOX");
        checkDec(dec, "BOX");
        if (!(w > 0 && w < 180) || !(h > 0 && h < 180)) {
            throw new AdqlException("BOX width and height must be in (0, 180) deg, got " + w + " and " + h);
        }
        if (dec - h / 2 < -90 || dec + h / 2 > 90) {
            throw new AdqlException("BOX from Dec " + (dec - h / 2) + " to " + (dec + h / 2) + " leaves [-90, 90] deg");
        }
        return List.of(new double[] {ra - w / 2, dec - h / 2}, new double[] {ra + w / 2, dec - h / 2},
                new double[] {ra + w / 2, dec + h / 2}, new double[] {ra - w / 2, dec + h / 2});
    }

    private List<double[]> polygonVertices(Function polygon) {
        List<Expression> a = withoutCoordSys(polygon);
        List<double[]> v = new ArrayList<>();
        if (!a.isEmpty() && isFunction(a.get(0), "POINT")) {
            for (Expression e : a) {
                Point p = point(requirePoint(e, "POLYGON"));
                if (p.ra() == null || p.dec() == null) {
                    throw new AdqlException("POLYGON needs constant vertices");
                }
                v.add(new double[] {p.ra(), p.dec()});
            }
        } else {
            if (a.size() % 2 != 0) {
                throw new AdqlException("POLYGON takes ('ICRS',) ra1, dec1, ra2, dec2, ...: an even number of values");
            }
            for (int i = 0; i < a.size(); i += 2) {
                double ra = requireConstant(a.get(i), "POLYGON ra");
                double dec = requireConstant(a.get(i + 1), "POLYGON dec");
                checkRa(ra, "POLYGON");
                checkDec(dec, "POLYGON");
                v.add(new double[] {ra, dec});
            }
        }
        if (v.size() < 3) {
            throw new AdqlException("POLYGON needs at least 3 vertices, got " + v.size());
        }
        return v;
    }

    /** Point in a convex spherical polygon: on the inner side of each edge's great circle. */
    private String polygon(Point p, List<double[]> vertices, String what) {
        int n = vertices.size();
        double[][] unit = new double[n][];
        double[] centroid = new double[3];
        for (int i = 0; i < n; i++) {
            unit[i] = unitVector(vertices.get(i)[0], vertices.get(i)[1]);
            for (int k = 0; k < 3; k++) {
                centroid[k] += unit[i][k];
            }
        }
        double cn = norm(centroid);
        if (cn < 1e-12) {
            throw new AdqlException(what + " is degenerate (its vertices surround the sphere)");
        }
        double[][] normals = new double[n][];
        int positive = 0;
        for (int i = 0; i < n; i++) {
            double[] nv = cross(unit[i], unit[(i + 1) % n]);
            double len = norm(nv);
            if (len < 1e-15) {
                throw new AdqlException(what + " has two equal consecutive vertices (vertex " + (i + 1) + ")");
            }
            for (int k = 0; k < 3; k++) {
                nv[k] /= len;
            }
            normals[i] = nv;
            if (dot(nv, centroid) > 0) {
                positive++;
            }
        }
        if (positive != 0 && positive != n) {
            throw new AdqlException(what + " must be convex with its vertices in order around it (this one is not)");
        }
        boolean flip = positive == 0;   // vertices given clockwise
        String cosDec = "cos(radians(" + p.decSql() + "))";
        String x = cosDec + " * cos(radians(" + p.raSql() + "))";
        String y = cosDec + " * sin(radians(" + p.raSql() + "))";
        String z = "sin(radians(" + p.decSql() + "))";
        StringBuilder exact = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double s = flip ? -1 : 1;
            exact.append(i == 0 ? "" : " AND ").append('(').append(translator.param(s * normals[i][0])).append(" * ")
                    .append(x).append(" + ").append(translator.param(s * normals[i][1])).append(" * ").append(y)
                    .append(" + ").append(translator.param(s * normals[i][2])).append(" * ").append(z)
                    .append(" >= 0)");
        }
        // prefilter: the cap around the centroid holding every vertex holds the (convex) polygon
        double[] c = {centroid[0] / cn, centroid[1] / cn, centroid[2] / cn};
        double capDeg = 0;
        for (double[] u : unit) {
            capDeg = Math.max(capDeg, Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, dot(u, c))))));
        }
        String prefilter = null;
        if (capDeg < 90) {
            double raC = (Math.toDegrees(Math.atan2(c[1], c[0])) + 360) % 360;
            double decC = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, c[2]))));
            prefilter = conePrefilter(p, raC, decC, Math.min(180, capDeg + 1e-6));
        }
        return "(" + (prefilter == null ? "" : prefilter + " AND ") + exact + ")";
    }

    /** Great-circle distance [deg] between two positions given as SQL expressions in degrees (haversine). */
    static String distanceDeg(String ra1, String dec1, String ra2, String dec2) {
        return "degrees(2 * asin(least(1.0, sqrt(power(sin((radians(" + dec2 + ") - radians(" + dec1 + ")) / 2), 2)"
                + " + cos(radians(" + dec1 + ")) * cos(radians(" + dec2 + ")) * power(sin((radians(" + ra2
                + ") - radians(" + ra1 + ")) / 2), 2)))))";
    }

    private double requireConstant(Expression e, String what) {
        Double v = translator.constant(e);
        if (v == null) {
            throw new AdqlException(what + " must be a constant number, got " + e);
        }
        return v;
    }

    private static void checkRa(double ra, String fn) {
        if (!(ra >= 0 && ra <= 360)) {
            throw new AdqlException(fn + ": RA " + ra + " deg is outside [0, 360] deg");
        }
    }

    private static void checkDec(double dec, String fn) {
        if (!(dec >= -90 && dec <= 90)) {
            throw new AdqlException(fn + ": Dec " + dec + " deg is outside [-90, 90] deg");
        }
    }

    private static double[] unitVector(double raDeg, double decDeg) {
        double ra = Math.toRadians(raDeg);
        double dec = Math.toRadians(decDeg);
        return new double[] {Math.cos(dec) * Math.cos(ra), Math.cos(dec) * Math.sin(ra), Math.sin(dec)};
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
