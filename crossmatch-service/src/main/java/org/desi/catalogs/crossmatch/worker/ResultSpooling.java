package org.desi.catalogs.crossmatch.worker;

import java.nio.file.Path;
import org.desi.catalogs.service.copy.CopyRowSpool;

/**
 * Where a partition's results wait for their commit: {@code memoryBytes} of heap per spool, the rest
 * in temporary files under {@code directory}.
 */
record ResultSpooling(int memoryBytes, Path directory) {

    CopyRowSpool newSpool() {
        return new CopyRowSpool(memoryBytes, directory);
    }
}
