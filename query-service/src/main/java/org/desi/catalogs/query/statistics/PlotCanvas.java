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
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * What the plots draw on: one drawing routine renders to SVG or to PNG, so both formats of a plot
 * always show the same thing. Coordinates in pixels, y down.
 */
interface PlotCanvas {

    void line(double x1, double y1, double x2, double y2, String colour, double width);

    void marker(double x, double y, String colour, boolean square);

    void text(double x, double y, String text, int size, String anchor, boolean vertical);

    static String svg(int w, int h, Consumer<PlotCanvas> drawing) {
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\" font-family=\"sans-serif\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        drawing.accept(new PlotCanvas() {
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

    static byte[] png(int w, int h, Consumer<PlotCanvas> drawing) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        drawing.accept(new PlotCanvas() {
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
                int tw = g.getFontMetrics().stringWidth(text);
                double shift = anchor.equals("middle") ? tw / 2.0 : anchor.equals("end") ? tw : 0;
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

    /** A fraction with its 68% interval as an error bar and a marker (nothing for an empty count). */
    static void point(PlotCanvas c, double x, BinomialComparison.Count n, java.util.function.DoubleUnaryOperator py,
                      String colour, boolean square) {
        if (n.galaxies() == 0) {
            return;
        }
        c.line(x, py.applyAsDouble(n.low()), x, py.applyAsDouble(n.high()), colour, 1.5);
        c.line(x - 4, py.applyAsDouble(n.low()), x + 4, py.applyAsDouble(n.low()), colour, 1.5);
        c.line(x - 4, py.applyAsDouble(n.high()), x + 4, py.applyAsDouble(n.high()), colour, 1.5);
        c.marker(x, py.applyAsDouble(n.fraction()), colour, square);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
