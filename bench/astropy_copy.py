#!/usr/bin/python3
"""Baseline of bench/ingest-wide.sh: the usual astropy + psycopg2 path for the same curated columns.

Reads the three FastSpecFit HDUs with astropy (memory-mapped), checks TARGETID alignment, and COPYs
the columns the service loads into a scratch table with psycopg2's copy_expert (CSV), in chunks.
usage: astropy_copy.py <file.fits> <dsn> <table>
"""
import io
import sys
import time

import numpy as np
import psycopg2
from astropy.io import fits

path, dsn, table = sys.argv[1:4]
META = ["TARGETID", "SURVEY", "PROGRAM", "HEALPIX", "RA", "DEC", "Z", "ZWARN", "DELTACHI2", "SPECTYPE", "FLUX_R"]
PHOT = ["LOGMSTAR", "SFR", "DN4000", "DN4000_IVAR", "VDISP", "VDISP_IVAR", "AGE", "ZZSUN", "TAUV", "ABSMAG01_SDSS_R"]
CHUNK = 50_000

t0 = time.time()
conn = psycopg2.connect(dsn)
cur = conn.cursor()
with fits.open(path, memmap=True) as h:
    meta, phot, spec = h["METADATA"].data, h["SPECPHOT"].data, h["FASTSPEC"].data
    n = len(meta)
    for start in range(0, n, CHUNK):
        end = min(n, start + CHUNK)
        tid = np.asarray(meta["TARGETID"][start:end])
        if not (np.array_equal(tid, phot["TARGETID"][start:end]) and np.array_equal(tid, spec["TARGETID"][start:end])):
            sys.exit(f"rows {start}..{end} are not aligned")
        cols = [np.asarray(meta[c][start:end]) for c in META] + [np.asarray(phot[c][start:end]) for c in PHOT]
        buf = io.StringIO()
        for row in zip(*cols):
            buf.write(",".join(v.decode() if isinstance(v, bytes) else str(v) for v in row))
            buf.write("\n")
        buf.seek(0)
        cur.copy_expert(f"COPY {table} ({', '.join(c.lower() for c in META + PHOT)}) FROM STDIN (FORMAT csv)", buf)
conn.commit()
print(f"{n} {time.time() - t0:.3f}")
