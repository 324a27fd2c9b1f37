package org.desi.catalogs.query.statistics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Quenched fraction against stellar mass for void and wall galaxies with their 68% intervals, as
 * SVG or PNG. One layout drawn on two canvases, so both formats always show the same plot.
 */
public final class QuenchingPlot {

    private static final int W = 720;
    private static final int H = 460;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final String VOID_COLOUR = "#1f77b4";
    private static final String WALL_COLOUR = "#d62728";

    /** What the layout draws on. Coordinates in pixels, y down. */
    interface Canvas {
        void line(double x1, double y1, double x2, double y2, String colour, double width);

        void marker(double x, double y, String colour, boolean square);

        void text(double x, double y, String text, int size, String anchor, boolean vertical);
    }

    private QuenchingPlot() {
    }

    public static String svg(QuenchingStatistics.Result r) {
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" font-family=\"sans-serif\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        draw(r, new Canvas() {
            public void line(double x1, double y1, double x2, double y2, String colour, double width) {
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                        + " stroke-width=\"%.1f\"/>%n", x1, y1, x2, y2, colour, width));
            }

            public void marker(double x, double y, String colour, boolean square) {
                s.append(square
                        ? String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"%s\"/>%n",
                                x - 4, y - 4, colour)
                        : String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\"/>%n", x, y, colour));
            }

            public void text(double x, double y, String text, int size, String anchor, boolean vertical) {
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\"%s>",
                        x, y, size, anchor, vertical ? String.format(Locale.ROOT, " transform=\"rotate(-90 %.1f %.1f)\"",
                                x, y) : "")).append(escape(text)).append("</text>\n");
            }
        });
        return s.append("</svg>\n").toString();
    }

    public static byte[] png(QuenchingStatistics.Result r) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        draw(r, new Canvas() {
            public void line(double x1, double y1, double x2, double y2, String colour, double width) {
                g.setColor(Color.decode(colour));
                g.setStroke(new BasicStroke((float) width));
                g.drawLine((int) Math.round(x1), (int) Math.round(y1), (int) Math.round(x2), (int) Math.round(y2));
            }

            public void marker(double x, double y, String colour, boolean square) {
                g.setColor(Color.decode(colour));
                if (square) {
                    g.fillRect((int) Math.round(x - 4), (int) Math.round(y - 4), 8, 8);
                } else {
                    g.fillOval((int) Math.round(x - 4.5), (int) Math.round(y - 4.5), 9, 9);
                }
            }

            public void text(double x, double y, String text, int size, String anchor, boolean vertical) {
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
                int w = g.getFontMetrics().stringWidth(text);
                double shift = anchor.equals("middle") ? w / 2.0 : anchor.equals("end") ? w : 0;
                var saved = g.getTransform();
                g.translate(x, y);
                if (vertical) {
                    g.rotate(-Math.PI / 2);
                }
                g.drawString(text, (float) -shift, 0f);
                g.setTransform(saved);
            }
        });
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static void draw(QuenchingStatistics.Result r, Canvas c) {
        var bins = r.bins();
        double xMin = bins.get(0).logMstarMin();
        double xMax = bins.get(bins.size() - 1).logMstarMax();
        double plotW = W - LEFT - RIGHT;
        double plotH = H - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator px = v -> LEFT + (v - xMin) / (xMax - xMin) * plotW;
        java.util.function.DoubleUnaryOperator py = v -> TOP + (1 - v) * plotH;
        c.text(W / 2.0, 24, "Quenched fraction: " + r.galaxies() + " in " + r.voids() + " (" + r.algorithm() + ")", 15,
                "middle", false);
        // axes, ticks and grid
        c.line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "#000000", 1);
        c.line(LEFT, TOP, LEFT, TOP + plotH, "#000000", 1);
        for (int i = 0; i <= 5; i++) {
            double f = i / 5.0;
            c.line(LEFT - 5, py.applyAsDouble(f), LEFT, py.applyAsDouble(f), "#000000", 1);
            c.line(LEFT, py.applyAsDouble(f), LEFT + plotW, py.applyAsDouble(f), "#e0e0e0", 1);
            c.text(LEFT - 8, py.applyAsDouble(f) + 4, String.format(Locale.ROOT, "%.1f", f), 12, "end", false);
        }
        for (var b : bins) {
            c.line(px.applyAsDouble(b.logMstarMin()), TOP + plotH, px.applyAsDouble(b.logMstarMin()), TOP + plotH + 5,
                    "#000000", 1);
            c.text(px.applyAsDouble(b.logMstarMin()), TOP + plotH + 20, fmt(b.logMstarMin()), 12, "middle", false);
        }
        c.text(px.applyAsDouble(xMax), TOP + plotH + 20, fmt(xMax), 12, "middle", false);
        c.text(LEFT + plotW / 2, H - 14, "log10(M* / Msun)", 13, "middle", false);
        c.text(20, TOP + plotH / 2, "quenched fraction (" + r.quenchedIf() + ")", 13, "middle", true);
        // data: points at bin centres, void and wall offset slightly so their bars do not overlap
        double offset = (xMax - xMin) * 0.008;
        for (var b : bins) {
            double mid = (b.logMstarMin() + b.logMstarMax()) / 2;
            point(c, px.applyAsDouble(mid - offset), b.voids(), py, VOID_COLOUR, false);
            point(c, px.applyAsDouble(mid + offset), b.walls(), py, WALL_COLOUR, true);
        }
        // legend
        c.marker(LEFT + 20, TOP + 14, VOID_COLOUR, false);
        c.text(LEFT + 32, TOP + 18, "void galaxies", 12, "start", false);
        c.marker(LEFT + 20, TOP + 32, WALL_COLOUR, true);
        c.text(LEFT + 32, TOP + 36, "wall galaxies (bars: 68% Wilson intervals)", 12, "start", false);
    }

    private static void point(Canvas c, double x, QuenchingStatistics.Count n,
                              java.util.function.DoubleUnaryOperator py, String colour, boolean square) {
        if (n.galaxies() == 0) {
            return;
        }
        c.line(x, py.applyAsDouble(n.low()), x, py.applyAsDouble(n.high()), colour, 1.5);
        c.line(x - 4, py.applyAsDouble(n.low()), x + 4, py.applyAsDouble(n.low()), colour, 1.5);
        c.line(x - 4, py.applyAsDouble(n.high()), x + 4, py.applyAsDouble(n.high()), colour, 1.5);
        c.marker(x, py.applyAsDouble(n.fraction()), colour, square);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
