#!/usr/bin/python3
"""The numpy + astropy + scipy baseline of bench/voids.sh (VoidFinder catalogs): what an astronomer's
notebook does to place a galaxy catalog in DESIVAST voids, reaching the same end state as the
service's voids job: one row per galaxy (environment, void, distance to the void's centre [Mpc/h],
R/R_eff) in a new logged table with galaxy_environment's columns and indexes, committed.

Rules (the service's, README "Void membership"): redshift outside [0, 10] or a comoving distance
(astropy FlatLambdaCDM, H0 = 100, the catalog's OMEGAM) outside the catalog's radial limits -> outside;
inside a hole (distance <= radius) -> its void (several voids: the smallest distance / R_eff; EDGE != 0
-> edge_void); otherwise wall, with the void whose maximal-sphere centre is nearest.

    bench/voids_numpy.py DSN GALAXY_CATALOG VOID_CATALOG OUT_TABLE
Prints "seconds rows" (from connecting to the commit).
"""
import io
import sys
import time

import numpy as np
import psycopg2
from astropy.cosmology import FlatLambdaCDM
from scipy.spatial import cKDTree

dsn, galaxy_catalog, void_catalog, out_table = sys.argv[1:5]
t0 = time.time()
conn = psycopg2.connect(dsn)
cur = conn.cursor()


def one(sql, args=()):
    cur.execute(sql, args)
    return cur.fetchone()


gid = one("SELECT catalog_id FROM desi.catalog WHERE name = %s", (galaxy_catalog,))[0]
vid = one("SELECT catalog_id FROM desi.catalog WHERE name = %s", (void_catalog,))[0]
omega_m, d_min, d_max, z_min, z_max = one("SELECT omega_m, d_min_mpc_per_h, d_max_mpc_per_h, z_min, z_max"
                                          " FROM desi.void_catalog WHERE catalog_id = %s", (vid,))
cosmo = FlatLambdaCDM(H0=100, Om0=omega_m, Tcmb0=0)
if d_min is None and z_min is not None:
    d_min = cosmo.comoving_distance(z_min).value
if d_max is None and z_max is not None:
    d_max = cosmo.comoving_distance(z_max).value

# galaxies through binary COPY: fixed 50-byte rows (4 non-NULL fields), read with one np.frombuffer
buf = io.BytesIO()
cur.copy_expert("COPY (SELECT targetid, ra, dec, coalesce(z, 'NaN'::float8) FROM desi.fastspecfit_galaxy"
                f" WHERE catalog_id = {int(gid)}) TO STDOUT (FORMAT binary)", buf)
raw = buf.getvalue()
row = np.dtype([("n", ">i2"), ("l1", ">i4"), ("id", ">i8"), ("l2", ">i4"), ("ra", ">f8"), ("l3", ">i4"),
                ("dec", ">f8"), ("l4", ">i4"), ("z", ">f8")])
g = np.frombuffer(raw, dtype=row, offset=19, count=(len(raw) - 21) // row.itemsize)
ids = g["id"].astype(np.int64)
ra = np.radians(g["ra"].astype(np.float64))
dec = np.radians(g["dec"].astype(np.float64))
z = g["z"].astype(np.float64)
n = len(ids)

cur.execute("SELECT x, y, z, radius, void_id FROM desi.voidfinder_hole WHERE catalog_id = %s ORDER BY hole_id", (vid,))
holes = np.array(cur.fetchall(), dtype=np.float64)
cur.execute("SELECT void_id, x, y, z, coalesce(r_eff, radius), coalesce(edge, 0) FROM desi.voidfinder_void"
            " WHERE catalog_id = %s ORDER BY void_id", (vid,))
voids = np.array(cur.fetchall(), dtype=np.float64)
void_ids = voids[:, 0].astype(np.int64)
void_xyz = voids[:, 1:4]
r_eff = voids[:, 4]
edge = voids[:, 5] != 0
position = {v: i for i, v in reversed(list(enumerate(void_ids)))}   # first position of each id
hole_void = np.array([position[int(v)] for v in holes[:, 4]], dtype=np.int64)

valid = (z >= 0) & (z <= 10)
d = np.full(n, np.nan)
d[valid] = cosmo.comoving_distance(z[valid]).value
inside = valid.copy()
if d_min is not None:
    inside &= ~(d < d_min)
if d_max is not None:
    inside &= ~(d > d_max)
idx = np.flatnonzero(inside)
c = np.cos(dec[idx])
p = np.column_stack((d[idx] * c * np.cos(ra[idx]), d[idx] * c * np.sin(ra[idx]), d[idx] * np.sin(dec[idx])))

# (galaxy, hole) pairs with the galaxy inside the hole: each hole asks a k-d tree of the galaxies for
# the points within its own radius (distance <= radius, as the service counts it)
lists = cKDTree(p).query_ball_point(holes[:, :3], holes[:, 3])
counts = np.fromiter((len(l_) for l_ in lists), dtype=np.int64, count=len(lists))
gal = np.concatenate([np.asarray(l_, dtype=np.int64) for l_ in lists]) if counts.sum() else np.zeros(0, np.int64)
vpos = np.repeat(hole_void, counts)
ratio = np.linalg.norm(p[gal] - void_xyz[vpos], axis=1) / r_eff[vpos]
order = np.lexsort((vpos, ratio, gal))          # per galaxy: smallest ratio, then the earlier void
gal, vpos = gal[order], vpos[order]
first = np.ones(len(gal), dtype=bool)
first[1:] = gal[1:] != gal[:-1]
chosen = np.full(len(idx), -1, dtype=np.int64)
chosen[gal[first]] = vpos[first]
in_void = chosen >= 0
wall = ~in_void
_, nearest = cKDTree(void_xyz).query(p[wall], k=1)
chosen[wall] = nearest

dist = np.linalg.norm(p - void_xyz[chosen], axis=1)
env = np.where(in_void, np.where(edge[chosen], "edge_void", "void"), "wall")

out = io.StringIO()
for i, e, v, dd, rr in zip(ids[idx], env, void_ids[chosen], dist, dist / r_eff[chosen]):
    out.write(f"{gid},{i},{vid},{e},{v},{dd!r},{rr!r}\n")
for i in ids[~inside]:
    out.write(f"{gid},{i},{vid},outside,,,\n")
out.seek(0)
cur.execute(f"CREATE TABLE {out_table} (LIKE desi.galaxy_environment INCLUDING ALL)")
cur.copy_expert(f"COPY {out_table} (galaxy_catalog_id, object_id, void_catalog_id, environment, void_id,"
                " distance_mpc_per_h, r_over_reff) FROM STDIN (FORMAT csv)", out)
conn.commit()
print(f"{time.time() - t0:.3f} {n}")
