package org.desi.catalogs.core.fits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of hostile headers, written card by card: every value that sizes data is checked against
 * the others and the file size before any data is read, and the error names the keyword.
 */
class HostileHeaderTest {

    @TempDir
    Path tmp;

    private String refusal(Map<String, String> overrides, int dataBytes) throws IOException {
        Path f = tmp.resolve("hostile-" + overrides.hashCode() + ".fits");
        Files.write(f, BrokenFits.fits(BrokenFits.table(overrides), dataBytes));
        FitsFormatException e = assertThrows(FitsFormatException.class, () -> {
            FitsLayout layout = FitsLayout.scan(f);
            BinaryTableLayout.of(layout.binaryTable("DATA"));
        }, "hostile header accepted: " + overrides);
        return e.getMessage();
    }

    private void assertRefused(Map<String, String> overrides, int dataBytes, String... expected) throws IOException {
        String message = refusal(overrides, dataBytes);
        for (String fragment : expected) {
            assertTrue(message.contains(fragment), overrides + " -> '" + message + "' should name '" + fragment + "'");
        }
    }

    @Test
    void theWellFormedBaselineIsAccepted() throws IOException {
        Path f = tmp.resolve("ok.fits");
        Files.write(f, BrokenFits.fits(BrokenFits.table(Map.of()), 24));
        BinaryTableLayout t = BinaryTableLayout.of(FitsLayout.scan(f).binaryTable("DATA"));
        assertEquals(3, t.rowCount());
        assertEquals(8, t.rowBytes());
    }

    @Test
    void negativeOrNonNumericSizesNameTheKeyword() throws IOException {
        assertRefused(Map.of("NAXIS2", "-5"), 24, "NAXIS2 = -5");
        assertRefused(Map.of("NAXIS1", "-8"), 24, "NAXIS1 = -8");
        assertRefused(Map.of("NAXIS2", "'many'"), 24, "NAXIS2", "not a whole number");
        assertRefused(Map.of("PCOUNT", "-1"), 24, "PCOUNT = -1");
        assertRefused(Map.of("TFIELDS", "-1"), 24, "TFIELDS = -1");
        assertRefused(Map.of("NAXIS2", "<drop>"), 24, "NAXIS2", "(missing)");
    }

    @Test
    void absurdSizesFailBeforeAnyDataIsRead() throws IOException {
        assertRefused(Map.of("NAXIS2", "1000000000000"), 24, "truncated", "8000000000000 bytes");
        assertRefused(Map.of("NAXIS1", "9223372036854775807", "NAXIS2", "9223372036854775807"), 24, "overflows");
        assertRefused(Map.of("TFIELDS", "100000"), 24, "TFIELDS = 100000", "0..999");
        assertRefused(Map.of("NAXIS", "1000"), 24, "NAXIS = 1000");
        assertRefused(Map.of("BITPIX", "7"), 24, "BITPIX = 7");
        assertRefused(Map.of("GCOUNT", "2"), 48, "GCOUNT = 2");
        assertRefused(Map.of("NAXIS1", "4294967296", "NAXIS2", "0"), 0, "NAXIS1 = 4294967296");
    }

    @Test
    void everyFileOfTheSharedCorpusIsRefusedNamingTheProblem() throws IOException {
        for (BrokenFits.Entry e : BrokenFits.corpus()) {
            Path f = tmp.resolve(e.fileName());
            Files.write(f, e.bytes());
            FitsFormatException x = assertThrows(FitsFormatException.class, () -> {
                FitsLayout layout = FitsLayout.scan(f);
                for (Hdu hdu : layout.hdus()) {
                    if (hdu.isBinaryTable()) {
                        BinaryTableLayout.of(hdu);
                    }
                }
            }, e.fileName());
            assertTrue(x.getMessage().contains(e.expected()), e.fileName() + ": " + x.getMessage());
        }
    }

    @Test
    void inconsistentColumnLayoutsNameTheColumn() throws IOException {
        assertRefused(Map.of("NAXIS1", "4"), 12, "TFORM1", "does not fit in NAXIS1 = 4");
        assertRefused(Map.of("TFORM1", "'1000000D'"), 24, "TFORM1", "repeats 1000000 times");
        assertRefused(Map.of("TFORM1", "'99999999999999999999D'"), 24, "TFORM1", "not a usable number");
        assertRefused(Map.of("NAXIS1", "16"), 48, "NAXIS1 = 16", "take 8 bytes");
        assertRefused(Map.of("PCOUNT", "10", "THEAP", "5"), 34, "THEAP = 5", "24..34");
        assertRefused(Map.of("NAXIS", "3", "NAXIS3", "1"), 24, "NAXIS = 2");
    }
}
