package org.desi.catalogs.query.format;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.desi.catalogs.core.sky.SkyCoverage;

/**
 * A catalog's coverage drawn on the whole sky as an SVG picture: Mollweide (equal-area) projection,
 * RA 180 deg in the middle and <b>increasing to the left</b> as astronomers draw the sky, a 30 deg / 60 deg
 * graticule, and a title and description carrying the covered area for readers that show no picture.
 * <p>
 * The map is sampled: each sample point (every {@link #SAMPLE_DEG} degrees at the equator) is projected
 * back onto the sky and painted when its cell of the coverage, degraded to {@link #DRAW_ORDER} (cells of
 * 0.92 deg, about two samples wide), is covered; covered samples of a row become one rectangle per run.
 * Footprints smaller than a cell look one cell wide: the area in the description is the exact figure.
 */
public final class MocSkyMap {

    /** The order the map is drawn at: its cells (0.92 deg) are larger than the sampling step. */
    public static final int DRAW_ORDER = 6;
    /** Sampling step at the equator [deg]. */
    public static final double SAMPLE_DEG = 0.5;
    /** RA at the centre of the map [deg]. */
    public static final double CENTRE_RA_DEG = 180;

    /** Width of the projected sky [SVG units]: 2 units per degree at the equator. */
    static final int SKY_WIDTH = 720;
    static final int SKY_HEIGHT = SKY_WIDTH / 2;
    static final int MARGIN_X = 34;
    static final int MARGIN_TOP = 10;
    static final int MARGIN_BOTTOM = 22;
    private static final double SQRT2 = Math.sqrt(2);
    /** SVG units per unit of the Mollweide plane (whose x spans -2 sqrt 2 .. 2 sqrt 2). */
    static final double SCALE = SKY_WIDTH / (4 * SQRT2);
    private static final int STEP = (int) Math.round(SAMPLE_DEG * SKY_WIDTH / 360);

    private MocSkyMap() {
    }

    /**
     * The SVG document.
     *
     * @param title    what the map shows (the catalog's name), escaped here
     * @param coverage the coverage; null or empty draws an empty sky
     * @param areaDeg2 covered area at the stored order [deg^2], for the description
     */
    public static byte[] svg(String title, SkyCoverage coverage, double areaDeg2) {
        SkyCoverage drawn = coverage == null || coverage.isEmpty() ? null
                : coverage.degradedTo(Math.min(DRAW_ORDER, coverage.order()));
        double skyFraction = areaDeg2 / (4 * Math.PI * Math.toDegrees(1) * Math.toDegrees(1));
        String summary = String.format(Locale.ROOT, "Sky coverage of %s: %.1f deg² (%.2f%% of the sky). Mollweide"
                + " projection, ICRS, right ascension increasing to the left, 180° at the centre.",
                title, areaDeg2, 100 * skyFraction);
        int width = SKY_WIDTH + 2 * MARGIN_X;
        int height = SKY_HEIGHT + MARGIN_TOP + MARGIN_BOTTOM;
        StringBuilder s = new StringBuilder(64 * 1024);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-labelledby=\"t d\" font-family=\"sans-serif\" font-size=\"11\">\n")
                .append("<title id=\"t\">").append(VoTableWriter.xml("Sky coverage of " + title)).append("</title>\n")
                .append("<desc id=\"d\">").append(VoTableWriter.xml(summary)).append("</desc>\n")
                .append("<g transform=\"translate(").append(MARGIN_X).append(' ').append(MARGIN_TOP).append(")\">\n")
                .append("<ellipse cx=\"").append(SKY_WIDTH / 2).append("\" cy=\"").append(SKY_HEIGHT / 2)
                .append("\" rx=\"").append(SKY_WIDTH / 2).append("\" ry=\"").append(SKY_HEIGHT / 2)
                .append("\" fill=\"#f4f6fa\" stroke=\"#4a5568\"/>\n");
        if (drawn != null) {
            s.append("<g fill=\"#1f5fbf\" class=\"covered\">");
            appendCoveredRuns(s, drawn);
            s.append("</g>\n");
        }
        appendGraticule(s);
        s.append("</g>\n</svg>\n");
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One rectangle per run of covered samples in each row of samples. */
    private static void appendCoveredRuns(StringBuilder s, SkyCoverage drawn) {
        for (int y = 0; y < SKY_HEIGHT; y += STEP) {
            int runStart = -1;
            for (int x = 0; x <= SKY_WIDTH; x += STEP) {
                double[] radec = x < SKY_WIDTH ? inverse(x + STEP / 2.0, y + STEP / 2.0) : null;
                boolean covered = radec != null && drawn.contains(radec[0], radec[1]);
                if (covered && runStart < 0) {
                    runStart = x;
                } else if (!covered && runStart >= 0) {
                    s.append("<rect x=\"").append(runStart).append("\" y=\"").append(y).append("\" width=\"")
                            .append(x - runStart).append("\" height=\"").append(STEP).append("\"/>");
                    runStart = -1;
                }
            }
        }
    }

    private static void appendGraticule(StringBuilder s) {
        s.append("<g fill=\"none\" stroke=\"#8a94a6\" stroke-width=\"0.6\" class=\"graticule\">\n");
        for (int ra = 0; ra < 360; ra += 60) {
            StringBuilder d = new StringBuilder();
            for (int dec = -90; dec <= 90; dec += 2) {
                double[] p = forward(ra == 0 ? 0.001 : ra, dec);
                d.append(d.isEmpty() ? "M" : "L").append(fmt(p[0])).append(',').append(fmt(p[1]));
            }
            s.append("<path d=\"").append(d).append("\"/>\n");
        }
        for (int dec = -60; dec <= 60; dec += 30) {
            double[] left = forward(CENTRE_RA_DEG + 179.999, dec);
            double[] right = forward(CENTRE_RA_DEG - 179.999, dec);
            s.append("<path d=\"M").append(fmt(left[0])).append(',').append(fmt(left[1])).append('H')
                    .append(fmt(right[0])).append("\"/>\n");
        }
        s.append("</g>\n<g fill=\"#1a202c\">\n");
        for (int ra = 0; ra <= 360; ra += 60) {
            double[] p = ra == 0 ? new double[] {SKY_WIDTH, SKY_HEIGHT / 2.0} : ra == 360
                    ? new double[] {0, SKY_HEIGHT / 2.0} : forward(ra, 0);
            s.append("<text x=\"").append(fmt(p[0])).append("\" y=\"").append(SKY_HEIGHT + 15)
                    .append("\" text-anchor=\"middle\">").append(ra).append("°</text>\n");
        }
        for (int dec = -60; dec <= 60; dec += 30) {
            double[] p = forward(CENTRE_RA_DEG + 179.999, dec);
            s.append("<text x=\"").append(fmt(p[0] - 4)).append("\" y=\"").append(fmt(p[1] + 4))
                    .append("\" text-anchor=\"end\">").append(dec > 0 ? "+" : "").append(dec).append("°</text>\n");
        }
        s.append("</g>\n");
    }

    /**
     * The sky position at a point of the map (SVG units inside the margins), or null outside the sky's
     * ellipse. Mollweide's inverse is closed-form: theta = asin(y / sqrt 2), then latitude and longitude.
     */
    static double[] inverse(double xUnits, double yUnits) {
        double x = (SKY_WIDTH / 2.0 - xUnits) / SCALE;   // positive to the left: RA grows leftwards
        double y = (SKY_HEIGHT / 2.0 - yUnits) / SCALE;
        if (Math.abs(y) >= SQRT2) {
            return null;
        }
        double theta = Math.asin(y / SQRT2);
        double cosTheta = Math.cos(theta);
        double lon = Math.PI * x / (2 * SQRT2 * cosTheta);
        if (Math.abs(lon) > Math.PI) {
            return null;
        }
        double sinLat = (2 * theta + Math.sin(2 * theta)) / Math.PI;
        double dec = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, sinLat))));
        double ra = (CENTRE_RA_DEG + Math.toDegrees(lon)) % 360;
        return new double[] {ra < 0 ? ra + 360 : ra, dec};
    }

    /** The point of the map [SVG units] of a sky position: Newton's method for 2 theta + sin 2 theta = pi sin(dec). */
    static double[] forward(double raDeg, double decDeg) {
        double lon = Math.toRadians(((raDeg - CENTRE_RA_DEG) % 360 + 540) % 360 - 180);
        double lat = Math.toRadians(decDeg);
        double theta = lat;
        if (Math.abs(decDeg) < 90) {
            for (int i = 0; i < 50; i++) {
                double f = 2 * theta + Math.sin(2 * theta) - Math.PI * Math.sin(lat);
                double step = f / (2 + 2 * Math.cos(2 * theta));
                theta -= step;
                if (Math.abs(step) < 1e-12) {
                    break;
                }
            }
        }
        double x = 2 * SQRT2 / Math.PI * lon * Math.cos(theta);
        double y = SQRT2 * Math.sin(theta);
        return new double[] {SKY_WIDTH / 2.0 - x * SCALE, SKY_HEIGHT / 2.0 - y * SCALE};
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
