package org.desi.catalogs.query.statistics;

import static org.desi.catalogs.query.statistics.QuenchingPlot.BOTTOM;
import static org.desi.catalogs.query.statistics.QuenchingPlot.H;
import static org.desi.catalogs.query.statistics.QuenchingPlot.LEFT;
import static org.desi.catalogs.query.statistics.QuenchingPlot.RIGHT;
import static org.desi.catalogs.query.statistics.QuenchingPlot.TOP;
import static org.desi.catalogs.query.statistics.QuenchingPlot.W;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Quenched fraction against R / R_eff (shells of equal width on the plot, the last one open, drawn
 * as "beyond"), with 68% intervals and the number of galaxies per shell, as SVG or PNG.
 */
public final class VoidProfilePlot {

    private static final String COLOUR = "#2c7a3f";

    private VoidProfilePlot() {
    }

    public static String svg(VoidProfileStatistics.Result r) {
        return PlotCanvas.svg(W, H, c -> draw(r, c));
    }

    public static byte[] png(VoidProfileStatistics.Result r) {
        return PlotCanvas.png(W, H, c -> draw(r, c));
    }

    static void draw(VoidProfileStatistics.Result r, PlotCanvas c) {
        var bins = r.bins();
        double plotW = W - LEFT - RIGHT;
        double plotH = H - TOP - BOTTOM;
        double slot = plotW / bins.size();
        DoubleUnaryOperator py = v -> TOP + (1 - v) * plotH;
        c.text(W / 2.0, 24, "Void-centric profile: " + r.galaxies() + " / " + r.voids() + " (" + r.algorithm() + ")",
                13, "middle", false);
        c.text(W / 2.0, 44, String.format(Locale.ROOT, "%.2f <= log10(M*/Msun) < %.2f; N = %d after cuts",
                r.logMstarMin(), r.logMstarMax(), r.selection().used()), 12, "middle", false);
        QuenchingPlot.fractionAxis(c, py, plotW, plotH, "quenched fraction (" + r.proxy() + ")");
        for (int i = 0; i < bins.size(); i++) {
            var b = bins.get(i);
            double x0 = LEFT + i * slot;
            c.line(x0, TOP + plotH, x0, TOP + plotH + 5, "#000000", 1);
            String label = b.rOverReffMax() == null ? ">= " + QuenchingPlot.fmt2(b.rOverReffMin())
                    : QuenchingPlot.fmt2(b.rOverReffMin()) + "-" + QuenchingPlot.fmt2(b.rOverReffMax());
            c.text(x0 + slot / 2, TOP + plotH + 20, label, 12, "middle", false);
            c.text(x0 + slot / 2, TOP + plotH - 6, "n=" + b.galaxies().galaxies(), 10, "middle", false);
            PlotCanvas.point(c, x0 + slot / 2, b.galaxies(), py, COLOUR, false);
        }
        QuenchingPlot.footer(c, r.provenance());
        c.text(LEFT + plotW / 2, H - 14, "R / R_eff (distance to the void centre over its effective radius)", 13,
                "middle", false);
    }
}
