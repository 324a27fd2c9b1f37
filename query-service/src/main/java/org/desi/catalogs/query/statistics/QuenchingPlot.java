package org.desi.catalogs.query.statistics;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Quenched fraction against stellar mass for void and wall galaxies with their 68% intervals, and the
 * re-weighted difference over all bins in the subtitle, as SVG or PNG.
 */
public final class QuenchingPlot {

    static final int W = 720;
    static final int H = 480;
    static final int LEFT = 70;
    static final int RIGHT = 20;
    static final int TOP = 70;
    static final int BOTTOM = 60;
    static final String VOID_COLOUR = "#1f77b4";
    static final String WALL_COLOUR = "#d62728";

    private QuenchingPlot() {
    }

    public static String svg(QuenchingStatistics.Result r) {
        return PlotCanvas.svg(W, H, c -> draw(r, c));
    }

    public static byte[] png(QuenchingStatistics.Result r) {
        return PlotCanvas.png(W, H, c -> draw(r, c));
    }

    static void draw(QuenchingStatistics.Result r, PlotCanvas c) {
        var bins = r.bins();
        double xMin = bins.get(0).logMstarMin();
        double xMax = bins.get(bins.size() - 1).logMstarMax();
        double plotW = W - LEFT - RIGHT;
        double plotH = H - TOP - BOTTOM;
        DoubleUnaryOperator px = v -> LEFT + (v - xMin) / (xMax - xMin) * plotW;
        DoubleUnaryOperator py = v -> TOP + (1 - v) * plotH;
        c.text(W / 2.0, 24, "Quenched fraction: " + r.galaxies() + " in " + r.voids() + " (" + r.algorithm() + ")", 15,
                "middle", false);
        c.text(W / 2.0, 44, subtitle(r), 12, "middle", false);
        fractionAxis(c, py, plotW, plotH, "quenched fraction (" + r.proxy() + ")");
        for (var b : bins) {
            c.line(px.applyAsDouble(b.logMstarMin()), TOP + plotH, px.applyAsDouble(b.logMstarMin()), TOP + plotH + 5,
                    "#000000", 1);
            c.text(px.applyAsDouble(b.logMstarMin()), TOP + plotH + 20, fmt(b.logMstarMin()), 12, "middle", false);
        }
        c.text(px.applyAsDouble(xMax), TOP + plotH + 20, fmt(xMax), 12, "middle", false);
        c.text(LEFT + plotW / 2, H - 14, "log10(M* / Msun)", 13, "middle", false);
        // points at bin centres, void and wall offset slightly so their bars do not overlap
        double offset = (xMax - xMin) * 0.008;
        for (var b : bins) {
            double mid = (b.logMstarMin() + b.logMstarMax()) / 2;
            PlotCanvas.point(c, px.applyAsDouble(mid - offset), b.voids(), py, VOID_COLOUR, false);
            PlotCanvas.point(c, px.applyAsDouble(mid + offset), b.walls(), py, WALL_COLOUR, true);
        }
        footer(c, r.provenance());
        c.marker(LEFT + 20, TOP + 14, VOID_COLOUR, false);
        c.text(LEFT + 32, TOP + 18, "void galaxies", 12, "start", false);
        c.marker(LEFT + 20, TOP + 32, WALL_COLOUR, true);
        c.text(LEFT + 32, TOP + 36, "wall galaxies (bars: 68% Wilson intervals)", 12, "start", false);
    }

    static String subtitle(QuenchingStatistics.Result r) {
        var o = r.overall();
        String used = "N = " + r.selection().used() + " after cuts";
        if (o.wallMinusVoid() == null) {
            return used + "; no mass bin holds both void and wall galaxies";
        }
        return String.format(Locale.ROOT, "%s; wall (re-weighted to void masses) - void = %.3f +/- %.3f%s", used,
                o.wallMinusVoid(), o.sigma(), o.significance() == null ? "" : String.format(Locale.ROOT, " (%.1f sigma)",
                        o.significance()));
    }

    /** Where the figure comes from, in small print under it: a figure in a paper can be traced back. */
    static void footer(PlotCanvas c, Provenance p) {
        String sha = p.voidCatalog().sha256() == null ? "?" : p.voidCatalog().sha256().substring(0, 12);
        c.text(W - 4, H - 2, "placement job " + p.placement().jobId() + (p.placement().v2Rule() == null ? ""
                : " (" + p.placement().v2Rule() + ")") + " | " + p.voidCatalog().fileName() + " sha256 " + sha + "... | "
                + p.software(), 9, "end", false);
    }

    /** The y axis of a fraction in [0, 1] with its grid and label. */
    static void fractionAxis(PlotCanvas c, DoubleUnaryOperator py, double plotW, double plotH, String label) {
        c.line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "#000000", 1);
        c.line(LEFT, TOP, LEFT, TOP + plotH, "#000000", 1);
        for (int i = 0; i <= 5; i++) {
            double f = i / 5.0;
            c.line(LEFT - 5, py.applyAsDouble(f), LEFT, py.applyAsDouble(f), "#000000", 1);
            c.line(LEFT, py.applyAsDouble(f), LEFT + plotW, py.applyAsDouble(f), "#e0e0e0", 1);
            c.text(LEFT - 8, py.applyAsDouble(f) + 4, String.format(Locale.ROOT, "%.1f", f), 12, "end", false);
        }
        c.text(20, TOP + plotH / 2, label, 13, "middle", true);
    }

    /** Up to two decimals, no trailing zeros (0.5, 1, 1.25). */
    static String fmt2(double v) {
        return java.math.BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
