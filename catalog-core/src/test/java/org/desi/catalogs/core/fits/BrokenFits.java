package org.desi.catalogs.core.fits;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A corpus of broken FITS files built card by card (hostile sizes, corrupted keywords, truncations,
 * compression, not FITS at all), each with a fragment its refusal must contain. Shared by the core
 * tests and the services' job tests (catalog-core's test-jar).
 */
public final class BrokenFits {

    /** One broken file: a name, its bytes, what the error must say. */
    public record Entry(String fileName, byte[] bytes, String expected) {
    }

    private BrokenFits() {
    }

    /** A FITS file: an empty PRIMARY, then one extension with these cards and {@code dataBytes} zero bytes. */
    public static byte[] fits(List<String> extensionCards, int dataBytes) {
        return fits(extensionCards, new byte[dataBytes]);
    }

    /** A FITS file: an empty PRIMARY, then one extension with these cards and this data (padded). */
    public static byte[] fits(List<String> extensionCards, byte[] dataBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        header(out, List.of("SIMPLE  =                    T", "BITPIX  =                    8",
                "NAXIS   =                    0", "EXTEND  =                    T"));
        header(out, extensionCards);
        byte[] data = java.util.Arrays.copyOf(dataBytes, (dataBytes.length + 2879) / 2880 * 2880);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream out, List<String> cards) {
        List<String> all = new ArrayList<>(cards);
        all.add("END");
        StringBuilder s = new StringBuilder();
        for (String c : all) {
            s.append(String.format("%-80s", c));
        }
        while (s.length() % 2880 != 0) {
            s.append(' ');
        }
        out.writeBytes(s.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** The cards of a one-column (D) BINTABLE with the given overrides ("KEY = value" replaces KEY). */
    public static List<String> table(Map<String, String> overrides) {
        List<String> cards = new ArrayList<>();
        String[][] base = {{"XTENSION", "'BINTABLE'"}, {"BITPIX", "8"}, {"NAXIS", "2"}, {"NAXIS1", "8"}, {"NAXIS2", "3"},
                {"PCOUNT", "0"}, {"GCOUNT", "1"}, {"TFIELDS", "1"}, {"TTYPE1", "'RA'"}, {"TFORM1", "'D'"},
                {"EXTNAME", "'DATA'"}};
        for (String[] kv : base) {
            String v = overrides.getOrDefault(kv[0], kv[1]);
            if (v != null && !v.equals("<drop>")) {
                cards.add(String.format("%-8s= %20s", kv[0], v));
            }
        }
        overrides.forEach((k, v) -> {
            if (java.util.Arrays.stream(base).noneMatch(kv -> kv[0].equals(k))) {
                cards.add(String.format("%-8s= %20s", k, v));
            }
        });
        return cards;
    }

    /** The corpus. */
    public static List<Entry> corpus() {
        List<Entry> c = new ArrayList<>();
        c.add(new Entry("negative-naxis2.fits", fits(table(Map.of("NAXIS2", "-5")), 24), "NAXIS2 = -5"));
        c.add(new Entry("naxis2-not-a-number.fits", fits(table(Map.of("NAXIS2", "'lots'")), 24), "NAXIS2"));
        c.add(new Entry("huge-naxis2.fits", fits(table(Map.of("NAXIS2", "1000000000000")), 24), "truncated"));
        c.add(new Entry("overflowing-size.fits", fits(table(Map.of("NAXIS1", "9223372036854775807",
                "NAXIS2", "9223372036854775807")), 24), "overflows"));
        c.add(new Entry("tfields-absurd.fits", fits(table(Map.of("TFIELDS", "100000")), 24), "TFIELDS"));
        c.add(new Entry("tfields-negative.fits", fits(table(Map.of("TFIELDS", "-3")), 24), "TFIELDS = -3"));
        c.add(new Entry("negative-pcount.fits", fits(table(Map.of("PCOUNT", "-1")), 24), "PCOUNT = -1"));
        c.add(new Entry("theap-outside.fits", fits(table(Map.of("PCOUNT", "10", "THEAP", "5")), 34), "THEAP = 5"));
        c.add(new Entry("tform-repeat-absurd.fits", fits(table(Map.of("TFORM1", "'99999999999999999999D'")), 24),
                "TFORM1"));
        c.add(new Entry("tform-wider-than-row.fits", fits(table(Map.of("NAXIS1", "4")), 12), "TFORM1"));
        c.add(new Entry("tform-garbage.fits", fits(table(Map.of("TFORM1", "'ZZ'")), 24), "TFORM1"));
        c.add(new Entry("bitpix-odd.fits", fits(table(Map.of("BITPIX", "7")), 24), "BITPIX = 7"));
        c.add(new Entry("naxis-absurd.fits", fits(table(Map.of("NAXIS", "1000")), 24), "NAXIS = 1000"));
        byte[] ok = fits(table(Map.of()), 24);
        c.add(new Entry("truncated-data.fits", java.util.Arrays.copyOf(ok, ok.length - 2880), "truncated"));
        c.add(new Entry("truncated-header.fits", java.util.Arrays.copyOf(ok, 2880 + 400), "truncated"));
        c.add(new Entry("not-fits.fits", "id,ra,dec\n1,10.0,20.0\n".repeat(200).getBytes(StandardCharsets.US_ASCII),
                "not a FITS file"));
        c.add(new Entry("compressed.fits.gz", gzip(ok), "gzip"));
        c.add(new Entry("empty.fits", new byte[0], "not a FITS file"));
        // where the next header should start: zeros (a damaged or half-written file), or a header of blank
        // cards with no END; nom-tam-fits alone reads such cards until the file ends, into memory
        c.add(new Entry("zeros-after-last-hdu.fits", concat(ok, new byte[20 * 2880]), "are not an extension"));
        c.add(new Entry("header-without-end.fits", concat(ok, blankCards(List.of("XTENSION= 'BINTABLE'"),
                (FitsLayout.MAX_HEADER_BLOCKS + 5) * 2880)), "has no END card in its first 36000 cards"));
        c.add(new Entry("header-cut-before-end.fits", concat(ok, blankCards(List.of("XTENSION= 'BINTABLE'"), 5 * 2880)),
                "the file ends before its END card"));
        return c;
    }

    /** {@code cards} then blank cards, {@code bytes} in all, with no END card. */
    private static byte[] blankCards(List<String> cards, int bytes) {
        StringBuilder s = new StringBuilder();
        cards.forEach(c -> s.append(String.format("%-80s", c)));
        return s.append(" ".repeat(bytes - s.length())).toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
