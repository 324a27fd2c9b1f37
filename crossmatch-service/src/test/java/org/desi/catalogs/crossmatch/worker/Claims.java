package org.desi.catalogs.crossmatch.worker;

/** Test helper: a second worker taking a partition of one particular job. */
final class Claims {

    private Claims() {
    }

    /** Claims partitions until one of job {@code id}, doing other tests' partitions properly on the way; null if none. */
    static PartitionWorker.Lease claimOf(PartitionWorker w, long id) throws Exception {
        for (int i = 0; i < 50; i++) {
            PartitionWorker.Lease l = w.claim();
            if (l == null) {
                return null;
            }
            if (l.jobId() == id) {
                return l;
            }
            w.run(l);
        }
        return null;
    }
}
