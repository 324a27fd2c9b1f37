package org.desi.catalogs.core.fits;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongPredicate;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.util.FitsFile;

/**
 * The HDUs of a FITS file: headers parsed by nom-tam-fits, data units located but not read, so a
 * file of any size is scanned in constant memory. Tables are found by EXTNAME (the HDU order of
 * FastSpecFit changed between versions) or by index.
 */
public final class FitsLayout {

    static final int BLOCK = 2880;
    /**
     * Most 2880-byte blocks a header may take before its END card (36,000 cards): nom-tam-fits keeps
     * reading cards until END, so a region of zeros or junk where a header should be (a damaged or
     * half-written file) would otherwise be read card by card into memory until the file ends. A
     * BINTABLE of 999 columns with a dozen keywords each needs a third of this.
     */
    static final int MAX_HEADER_BLOCKS = 1000;

    private final Path path;
    private final long fileSizeBytes;
    private final List<Hdu> hdus;

    private FitsLayout(Path path, long fileSizeBytes, List<Hdu> hdus) {
        this.path = path;
        this.fileSizeBytes = fileSizeBytes;
        this.hdus = List.copyOf(hdus);
    }

    /** Scans the headers of {@code path}; throws {@link FitsFormatException} for a non-FITS or truncated file. */
    public static FitsLayout scan(Path path) {
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new FitsFormatException("cannot read " + path.getFileName() + ": " + e.getMessage(), e);
        }
        requireFitsSignature(path, size);
        List<Hdu> hdus = new ArrayList<>();
        try (FitsFile in = new FitsFile(path.toFile(), "r");
             FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long pos = 0;
            while (pos < size) {
                requireHeader(ch, pos, size, hdus, path);
                in.seek(pos);
                Header h;
                try {
                    h = Header.readHeader(in);
                } catch (EOFException | nom.tam.fits.TruncatedFileException e) {
                    throw new FitsFormatException("header of HDU " + hdus.size() + " is truncated at byte " + pos
                            + " of " + path.getFileName(), e);
                }
                if (h == null || h.getNumberOfCards() == 0) {
                    break;
                }
                long dataOffset = in.getFilePointer();
                int index = hdus.size();
                Hdu hdu = describe(index, h, dataOffset);
                long dataSize = hdu.dataSizeBytes();
                if (dataSize > size - dataOffset) {
                    throw new FitsFormatException(hdu.label() + " of " + path.getFileName() + " is truncated: its data needs "
                            + dataSize + " bytes from offset " + dataOffset + " but the file has " + size + " bytes");
                }
                hdus.add(hdu);
                pos = dataOffset + padded(dataSize);
                if (size - pos > 0 && size - pos < BLOCK) {
                    // a header needs a whole 2880-byte block: a shorter tail is a cut-off file
                    throw new FitsFormatException(path.getFileName() + " is truncated: " + (size - pos) + " bytes after "
                            + hdu.label() + " are less than a 2880-byte header block");
                }
            }
        } catch (IOException | FitsException e) {
            throw new FitsFormatException("cannot parse the headers of " + path.getFileName() + ": " + e.getMessage(), e);
        }
        return new FitsLayout(path, size, hdus);
    }

    /**
     * The binary table {@code selector} names (as {@link #binaryTable(String)}) in a file that may
     * still be arriving: returned as soon as its header is there, so its rows can be read while the
     * rest of the file arrives. Whatever this cannot decide from the headers seen so far (a selector
     * naming nothing, a non-table, a malformed file) is left to {@link #scan} of the whole file, so the
     * errors are the same. A caller loading the table checks the whole file with {@link #scan} once it
     * has arrived ({@link #sameTable}).
     */
    public static Hdu binaryTable(Path path, String selector, FileArrival arrival) {
        if (!arrival.arriving()) {
            return scan(path).binaryTable(selector);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            if (!arrival.await(BLOCK)) {
                return wholeFile(path, selector, arrival);
            }
            long pos = 0;
            for (int index = 0; ; index++) {
                if (!awaitHeader(ch, pos, index, arrival)) {
                    return wholeFile(path, selector, arrival);
                }
                Header h;
                try (FitsFile in = new FitsFile(path.toFile(), "r")) {
                    in.seek(pos);
                    h = Header.readHeader(in);
                    if (h == null || h.getNumberOfCards() == 0) {
                        return wholeFile(path, selector, arrival);
                    }
                    pos = in.getFilePointer();
                }
                if (index == 0 && !h.getBooleanValue("SIMPLE", false)) {
                    return wholeFile(path, selector, arrival);
                }
                Hdu hdu = describe(index, h, pos);
                long dataSize = hdu.dataSizeBytes();
                if (selects(selector, hdu)) {
                    return hdu.isBinaryTable() ? hdu : wholeFile(path, selector, arrival);
                }
                pos += padded(dataSize);
            }
        } catch (IOException | FitsException e) {
            return wholeFile(path, selector, arrival);   // the whole file's scan names what is wrong
        }
    }

    /**
     * Checks, once the whole file has arrived, that {@link #scan} of it finds the file well formed and
     * {@code selector} naming the same table {@link #binaryTable(Path, String, FileArrival)} found early.
     */
    public static void sameTable(Path path, String selector, Hdu early) {
        Hdu whole = scan(path).binaryTable(selector);
        if (whole.index() != early.index() || whole.dataOffset() != early.dataOffset()) {
            throw new FitsFormatException(path.getFileName() + ": " + whole.label() + " of the whole file is not the "
                    + early.label() + " read while it arrived");
        }
    }

    private static Hdu wholeFile(Path path, String selector, FileArrival arrival) {
        arrival.awaitEnd();
        return scan(path).binaryTable(selector);
    }

    /** The HDU whose header {@code h} (HDU number {@code index}) says what and how big its data is. */
    private static Hdu describe(int index, Header h, long dataOffset) {
        String kind = index == 0 ? "PRIMARY" : h.getStringValue("XTENSION", "UNKNOWN").trim().toUpperCase(Locale.ROOT);
        String name = h.getStringValue("EXTNAME", index == 0 ? "PRIMARY" : "HDU" + index).trim().toUpperCase(Locale.ROOT);
        return new Hdu(index, name, kind, h, dataOffset, dataSizeBytes(h, "HDU " + index + " (" + name + ")"));
    }

    /**
     * Waits until the header at {@code pos} (HDU number {@code index}) has arrived up to its END card;
     * false when the file ended first, or when the bytes there cannot be a header: {@link #scan} of the
     * whole file then names what is wrong.
     */
    private static boolean awaitHeader(FileChannel ch, long pos, int index, FileArrival arrival) throws IOException {
        return headerAt(ch, pos, index > 0, arrival::await, ByteBuffer.allocate(BLOCK)) == HeaderStart.COMPLETE;
    }

    private static final byte[] XTENSION = "XTENSION".getBytes(StandardCharsets.US_ASCII);

    /** What the bytes where a header should start turned out to be. */
    private enum HeaderStart { COMPLETE, NOT_AN_EXTENSION, NO_END_IN_LIMIT, CUT_OFF }

    /**
     * Reads the header at {@code pos} block by block (each once {@code arrived} says it is there) until its
     * END card: an extension's must start with XTENSION, and END must come within {@link #MAX_HEADER_BLOCKS}.
     * On NOT_AN_EXTENSION, {@code block} holds the first block read.
     */
    private static HeaderStart headerAt(FileChannel ch, long pos, boolean extension, LongPredicate arrived,
                                        ByteBuffer block) throws IOException {
        for (long start = pos; ; start += BLOCK) {
            if (start >= pos + (long) MAX_HEADER_BLOCKS * BLOCK) {
                return HeaderStart.NO_END_IN_LIMIT;
            }
            if (!arrived.test(start + BLOCK) || !readBlock(ch, start, block)) {
                return HeaderStart.CUT_OFF;
            }
            if (start == pos && extension && !startsWith(block.array(), XTENSION)) {
                return HeaderStart.NOT_AN_EXTENSION;
            }
            if (endCard(block.array()) >= 0) {
                return HeaderStart.COMPLETE;
            }
        }
    }

    /**
     * Refuses, before nom-tam-fits reads it, a header at {@code pos} that could not end well: an
     * extension whose first card is not XTENSION (junk or zeros after the last HDU: FITS's "special
     * records" are not read either), or no END card in the file or within {@link #MAX_HEADER_BLOCKS}.
     */
    private static void requireHeader(FileChannel ch, long pos, long size, List<Hdu> before, Path path)
            throws IOException {
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        String where = "the header of HDU " + before.size() + " at byte " + pos + " of " + path.getFileName();
        switch (headerAt(ch, pos, !before.isEmpty(), end -> true, block)) {
            case COMPLETE -> { }
            case NOT_AN_EXTENSION -> throw new FitsFormatException("bytes " + pos + ".." + size + " of "
                    + path.getFileName() + ", after " + before.get(before.size() - 1).label() + ", are not an extension:"
                    + " an extension header starts with XTENSION, these with '" + printable(block.array(), 8)
                    + "' (a damaged or cut-off file?)");
            case NO_END_IN_LIMIT -> throw new FitsFormatException(where + " has no END card in its first "
                    + MAX_HEADER_BLOCKS * 36 + " cards (" + MAX_HEADER_BLOCKS * BLOCK + " bytes): not a FITS header");
            case CUT_OFF -> throw new FitsFormatException(where + " is truncated: the file ends before its END card");
        }
    }

    /** Reads the 2880 bytes at {@code start} into {@code block}; false when the file ends first. */
    private static boolean readBlock(FileChannel ch, long start, ByteBuffer block) throws IOException {
        block.clear();
        while (block.hasRemaining()) {
            if (ch.read(block, start + block.position()) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The offset of the END card in a header block, or -1. */
    private static int endCard(byte[] b) {
        for (int card = 0; card < BLOCK; card += 80) {
            if (b[card] == 'E' && b[card + 1] == 'N' && b[card + 2] == 'D' && blank(b, card + 3, card + 8)) {
                return card;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return java.util.Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The first {@code n} bytes as text, anything but printable ASCII shown as '?' (for messages). */
    private static String printable(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(b[i] >= 0x20 && b[i] < 0x7f ? (char) b[i] : '?');
        }
        return s.toString();
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code selector} (blank: the first BINTABLE; digits: an index; else an EXTNAME) names {@code hdu}. */
    private static boolean selects(String selector, Hdu hdu) {
        if (selector == null || selector.isBlank()) {
            return hdu.isBinaryTable();
        }
        if (selector.chars().allMatch(Character::isDigit)) {
            return selector.length() < 10 && Integer.parseInt(selector) == hdu.index();
        }
        return hdu.name().equals(selector.trim().toUpperCase(Locale.ROOT));
    }

    public Path path() {
        return path;
    }

    public long fileSizeBytes() {
        return fileSizeBytes;
    }

    public List<Hdu> hdus() {
        return hdus;
    }

    /** The HDU with this EXTNAME (case-insensitive). */
    public Optional<Hdu> find(String extname) {
        String wanted = extname.trim().toUpperCase(Locale.ROOT);
        return hdus.stream().filter(h -> h.name().equals(wanted)).findFirst();
    }

    /**
     * The binary table named by {@code selector}: an EXTNAME, or a 0-based index; blank means the
     * first BINTABLE. Image HDUs are skipped; asking for one by name is an error.
     */
    public Hdu binaryTable(String selector) {
        Hdu hdu;
        if (selector == null || selector.isBlank()) {
            hdu = hdus.stream().filter(Hdu::isBinaryTable).findFirst().orElseThrow(() ->
                    new FitsFormatException(path.getFileName() + " has no BINTABLE HDU (HDUs: " + names() + ")"));
        } else if (selector.chars().allMatch(Character::isDigit)) {
            int i = Integer.parseInt(selector);
            if (i >= hdus.size()) {
                throw new FitsFormatException(path.getFileName() + " has no HDU " + i + "; valid indexes are 0.."
                        + (hdus.size() - 1) + " (" + names() + ")");
            }
            hdu = hdus.get(i);
        } else {
            hdu = find(selector).orElseThrow(() -> new FitsFormatException(path.getFileName() + " has no HDU named "
                    + selector.toUpperCase(Locale.ROOT) + " (HDUs: " + names() + ")"));
        }
        if (!hdu.isBinaryTable()) {
            throw new FitsFormatException(hdu.label() + " of " + path.getFileName() + " is " + hdu.kind()
                    + ", not a BINTABLE");
        }
        return hdu;
    }

    /** "PRIMARY, METADATA, SPECPHOT": the HDU names, for messages. */
    public String names() {
        return String.join(", ", hdus.stream().map(Hdu::name).toList());
    }

    static long padded(long bytes) {
        return (bytes + BLOCK - 1) / BLOCK * BLOCK;
    }

    /**
     * The size of an HDU's data [bytes] from its header, every sizing keyword checked first: BITPIX
     * one of the FITS values, NAXIS in 0..999, each NAXISn, PCOUNT and GCOUNT non-negative (GCOUNT 1
     * for extensions), and their product without overflow. A hostile header fails here, naming the
     * keyword, before a byte of data is read.
     */
    static long dataSizeBytes(Header h, String label) {
        long bitpix = keyword(h, "BITPIX", label, 8);
        if (bitpix != 8 && bitpix != 16 && bitpix != 32 && bitpix != 64 && bitpix != -32 && bitpix != -64) {
            throw new FitsFormatException(label + ": BITPIX = " + bitpix + " is not one of 8, 16, 32, 64, -32, -64");
        }
        long naxis = keyword(h, "NAXIS", label, 0);
        if (naxis < 0 || naxis > 999) {
            throw new FitsFormatException(label + ": NAXIS = " + naxis + " must be in 0..999");
        }
        if (naxis == 0) {
            return 0;
        }
        long pcount = keyword(h, "PCOUNT", label, 0);
        long gcount = keyword(h, "GCOUNT", label, 1);
        if (pcount < 0) {
            throw new FitsFormatException(label + ": PCOUNT = " + pcount + " must be >= 0 (bytes of the heap)");
        }
        if (gcount < 0 || (h.containsKey("XTENSION") && gcount != 1)) {
            throw new FitsFormatException(label + ": GCOUNT = " + gcount + " must be 1 in an extension");
        }
        try {
            long n = 1;
            for (int i = 1; i <= naxis; i++) {
                long axis = keyword(h, "NAXIS" + i, label, -1);
                if (axis < 0) {
                    throw new FitsFormatException(label + ": NAXIS" + i + " = " + (h.containsKey("NAXIS" + i)
                            ? axis : "(missing)") + " must be a whole number >= 0");
                }
                n = Math.multiplyExact(n, axis);
            }
            return Math.multiplyExact(Math.multiplyExact(Math.abs(bitpix) / 8, gcount), Math.addExact(pcount, n));
        } catch (ArithmeticException e) {
            throw new FitsFormatException(label + ": NAXIS1 x NAXIS2 x ... + PCOUNT overflows: the header declares more"
                    + " data than any file can hold");
        }
    }

    /** An integer keyword, or {@code fallback} when absent; a value that is not a whole number throws naming it. */
    static long keyword(Header h, String key, String label, long fallback) {
        if (!h.containsKey(key)) {
            return fallback;
        }
        nom.tam.fits.HeaderCard card = h.findCard(key);
        String text = card == null ? null : card.getValue();
        try {
            return Long.parseLong(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw new FitsFormatException(label + ": " + key + " = '" + text + "' is not a whole number");
        }
    }

    private static void requireFitsSignature(Path path, long size) {
        byte[] first = new byte[30];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(first, 0, first.length);
        } catch (IOException e) {
            throw new FitsFormatException("cannot read " + path.getFileName() + ": " + e.getMessage(), e);
        }
        if (n >= 2 && (first[0] & 0xff) == 0x1f && (first[1] & 0xff) == 0x8b) {
            throw new FitsFormatException(path.getFileName() + " is gzip-compressed (as DESI ships per-healpix .fits.gz"
                    + " files); compressed FITS is not read: decompress it first (gunzip) and load the .fits");
        }
        String card = new String(first, 0, n, StandardCharsets.US_ASCII);
        if (n < 30 || !card.startsWith("SIMPLE  =") || card.charAt(29) != 'T') {
            throw new FitsFormatException(path.getFileName() + " is not a FITS file (it must start with the card"
                    + " 'SIMPLE  =                    T')");
        }
        if (size < BLOCK) {
            throw new FitsFormatException(path.getFileName() + " is truncated: " + size
                    + " bytes, less than one 2880-byte FITS block");
        }
    }
}
