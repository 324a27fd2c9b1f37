package org.desi.catalogs.crossmatch.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.desi.catalogs.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/** The warm-up's position read and galaxy placement, and the reader they warm, against PostgreSQL's own rows. */
class MatcherWarmUpTest {

    @Test
    void theWarmUpReadsEveryComputedPosition() throws Exception {
        try (Connection c = TestDatabase.connect(TestDatabase.READER)) {
            assertEquals((long) MatcherWarmUp.READ_PASSES * MatcherWarmUp.READ_ROWS, MatcherWarmUp.readPositions(c));
        }
    }

    @Test
    void theWarmUpPlacesEveryComputedGalaxy() throws Exception {
        try (Connection c = TestDatabase.connect(TestDatabase.READER)) {
            assertEquals((long) MatcherWarmUp.READ_PASSES * MatcherWarmUp.READ_ROWS, MatcherWarmUp.placeGalaxies(c));
        }
    }

    @Test
    void positionsArriveAsWrittenAndRowsWithoutIdOrPositionAreSkipped() throws Exception {
        record Row(long id, double ra, double dec, double z) {
        }
        List<Row> rows = new ArrayList<>();
        try (Connection c = TestDatabase.connect(TestDatabase.READER)) {
            PositionReader.read(c, "COPY (VALUES (1::bigint, 0.0::float8, -90.0::float8, 0.1::float8),"
                    + " (2, 359.999999, 90.0, NULL), (NULL, 1.0, 1.0, 1.0), (4, 'NaN', 1.0, 1.0), (5, 10.5, NULL, 0.2))"
                    + " TO STDOUT (FORMAT binary)", true, (id, ra, dec, z) -> rows.add(new Row(id, ra, dec, z)));
        }
        assertEquals(List.of(new Row(1, 0.0, -90.0, 0.1), new Row(2, 359.999999, 90.0, Double.NaN)), rows);
    }
}
