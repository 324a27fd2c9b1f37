package org.desi.catalogs.core.sample;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Streams a FastSpecFit-shaped file of real width to disk in constant memory: PRIMARY + METADATA
 * (54 columns) + SPECPHOT (127) + FASTSPEC (887), about 4.3 KB per row, as the v3.0 main-bright
 * files (FORMATS.md). The columns the fastspecfit profile loads carry plausible values; the others
 * are filler floats. For the wide-file ingest benchmark (files of 1 GB and more).
 *
 * <p>Command line: {@code WideFastSpecFitFile <out.fits> <rows> [seed]}.
 */
public final class WideFastSpecFitFile {

    private static final int BLOCK = 2880;

    /** A column: FITS name and TFORM (K, J, I, B, E, D or nA). */
    private record Col(String name, String form) {
        int width() {
            char t = form.charAt(form.length() - 1);
            int n = form.length() > 1 ? Integer.parseInt(form.substring(0, form.length() - 1)) : 1;
            return n * switch (t) {
                case 'K', 'D' -> 8;
                case 'J', 'E' -> 4;
                case 'I' -> 2;
                default -> 1;
            };
        }
    }

    private WideFastSpecFitFile() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: WideFastSpecFitFile <out.fits> <rows> [seed]");
            System.exit(2);
        }
        long rows = Long.parseLong(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42L;
        long bytes = write(Path.of(args[0]), rows, seed);
        System.out.printf(Locale.ROOT, "wrote %d rows, %.2f GB to %s%n", rows, bytes / 1e9, args[0]);
    }

    static List<Col> metadata() {
        List<Col> c = new ArrayList<>(List.of(new Col("TARGETID", "K"), new Col("SURVEY", "3A"), new Col("PROGRAM", "6A"),
                new Col("HEALPIX", "J"), new Col("RA", "D"), new Col("DEC", "D"), new Col("Z", "D"), new Col("ZWARN", "I"),
                new Col("DELTACHI2", "D"), new Col("SPECTYPE", "6A"), new Col("FLUX_R", "E")));
        for (int i = c.size(); i < 54; i++) {
            c.add(new Col("META_" + i, "E"));
        }
        return c;
    }

    static List<Col> specphot() {
        List<Col> c = new ArrayList<>(List.of(new Col("TARGETID", "K"), new Col("LOGMSTAR", "E"), new Col("SFR", "E"),
                new Col("DN4000", "E"), new Col("DN4000_IVAR", "E"), new Col("VDISP", "E"), new Col("VDISP_IVAR", "E"),
                new Col("AGE", "E"), new Col("ZZSUN", "E"), new Col("TAUV", "E"), new Col("ABSMAG01_SDSS_R", "E")));
        for (int i = c.size(); i < 127; i++) {
            c.add(new Col("PHOT_" + i, "E"));
        }
        return c;
    }

    static List<Col> fastspec() {
        List<Col> c = new ArrayList<>(List.of(new Col("TARGETID", "K")));
        for (int i = 1; i < 887; i++) {
            c.add(new Col("LINE_" + i, "E"));
        }
        return c;
    }

    /** Writes the file; returns its size [bytes]. */
    public static long write(Path out, long rows, long seed) throws IOException {
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(header(List.of("SIMPLE  = T", "BITPIX  = 8", "NAXIS   = 0", "EXTEND  = T",
                    "SPECPROD= 'iron'"))));
            String[] names = {"METADATA", "SPECPHOT", "FASTSPEC"};
            List<List<Col>> tables = List.of(metadata(), specphot(), fastspec());
            for (int t = 0; t < 3; t++) {
                List<Col> cols = tables.get(t);
                int rowBytes = cols.stream().mapToInt(Col::width).sum();
                List<String> cards = new ArrayList<>(List.of("XTENSION= 'BINTABLE'", "BITPIX  = 8", "NAXIS   = 2",
                        "NAXIS1  = " + rowBytes, "NAXIS2  = " + rows, "PCOUNT  = 0", "GCOUNT  = 1",
                        "TFIELDS = " + cols.size(), "EXTNAME = '" + names[t] + "'"));
                for (int i = 0; i < cols.size(); i++) {
                    cards.add(String.format(Locale.ROOT, "TTYPE%-3d= '%s'", i + 1, cols.get(i).name()));
                    cards.add(String.format(Locale.ROOT, "TFORM%-3d= '%s'", i + 1, cols.get(i).form()));
                }
                ch.write(ByteBuffer.wrap(header(cards)));
                writeRows(ch, t, cols, rowBytes, rows, seed);
            }
            return ch.size();
        }
    }

    private static void writeRows(FileChannel ch, int table, List<Col> cols, int rowBytes, long rows, long seed)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(Math.max(rowBytes, (8 << 20) / rowBytes * rowBytes));
        long state = seed * 6364136223846793005L + 1442695040888963407L;
        long total = 0;
        for (long r = 0; r < rows; r++) {
            if (buf.remaining() < rowBytes) {
                buf.flip();
                total += ch.write(buf);
                buf.clear();
            }
            long targetId = 39627000000000000L + r;
            // per-row pseudo-random numbers, the same in the three tables (row alignment)
            long x = targetId * 0x9E3779B97F4A7C15L ^ seed;
            double u1 = ((x >>> 11) & ((1L << 40) - 1)) / (double) (1L << 40);
            double u2 = ((x * 31 >>> 13) & ((1L << 40) - 1)) / (double) (1L << 40);
            double u3 = ((x * 131 >>> 17) & ((1L << 40) - 1)) / (double) (1L << 40);
            for (Col c : cols) {
                switch (c.name()) {
                    case "TARGETID" -> buf.putLong(targetId);
                    case "SURVEY" -> buf.put("sv3".getBytes(StandardCharsets.US_ASCII));
                    case "PROGRAM" -> buf.put("bright".getBytes(StandardCharsets.US_ASCII));
                    case "HEALPIX" -> buf.putInt((int) (r % 49152));
                    case "RA" -> buf.putDouble(u1 * 360.0);
                    case "DEC" -> buf.putDouble(Math.toDegrees(Math.asin(-0.5 + u2 * 1.4)));
                    case "Z" -> buf.putDouble(0.02 + 0.4 * u3);
                    case "ZWARN" -> buf.putShort((short) 0);
                    case "DELTACHI2" -> buf.putDouble(40 + u1 * 1000);
                    case "SPECTYPE" -> buf.put("GALAXY".getBytes(StandardCharsets.US_ASCII));
                    case "LOGMSTAR" -> buf.putFloat((float) (9 + 2.5 * u2));
                    case "SFR" -> buf.putFloat((float) (0.01 + 5 * u3));
                    case "DN4000" -> buf.putFloat((float) (1.1 + 0.9 * u1));
                    case "DN4000_IVAR", "VDISP_IVAR" -> buf.putFloat(100f);
                    case "VDISP" -> buf.putFloat((float) (80 + 200 * u3));
                    case "AGE" -> buf.putFloat((float) (1 + 10 * u2));
                    case "ZZSUN", "TAUV" -> buf.putFloat((float) (0.5 * u1));
                    case "ABSMAG01_SDSS_R" -> buf.putFloat((float) (-18 - 4 * u3));
                    default -> {
                        state = state * 6364136223846793005L + 1442695040888963407L;
                        buf.putFloat((state >>> 40) / (float) (1 << 24));
                    }
                }
            }
        }
        buf.flip();
        total += ch.write(buf);
        long pad = (BLOCK - total % BLOCK) % BLOCK;
        if (pad > 0) {
            ch.write(ByteBuffer.allocate((int) pad));
        }
    }

    /** Header cards padded to 80 characters, END, the whole padded to 2880-byte blocks. */
    private static byte[] header(List<String> cards) {
        StringBuilder s = new StringBuilder();
        for (String c : cards) {
            s.append(String.format(Locale.ROOT, "%-80s", fixed(c)));
        }
        s.append(String.format(Locale.ROOT, "%-80s", "END"));
        while (s.length() % BLOCK != 0) {
            s.append(' ');
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** "KEY     = value": logical/integer values right-justified to column 30, as the FITS fixed format. */
    private static String fixed(String card) {
        int eq = card.indexOf("= ");
        String key = card.substring(0, eq).trim();
        String value = card.substring(eq + 2).trim();
        if (value.startsWith("'")) {
            String inner = value.substring(1, value.length() - 1);
            return String.format(Locale.ROOT, "%-8s= '%-8s'", key, inner);
        }
        return String.format(Locale.ROOT, "%-8s= %20s", key, value);
    }
}
