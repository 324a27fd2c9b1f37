-- Schema v1: catalog registry, FastSpecFit galaxies, DESIVAST voids, ingest runs, cross-match jobs.
-- Stock PostgreSQL >= 14, no extension. Every table with sky positions carries a declination
-- zone number computed in Java (org.desi.catalogs.core.sky.ZoneIndex) and a B-tree on (zone, ra):
-- a cone search becomes a few index range scans plus an exact great-circle filter.
-- Placeholders: ${writerRole} (ingest/crossmatch), ${readerRole} (query-service, read-only).

-- ---------------------------------------------------------------------------------------------
-- Catalog registry
-- ---------------------------------------------------------------------------------------------
CREATE TABLE catalog (
    catalog_id      integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text        NOT NULL UNIQUE CHECK (name ~ '^[a-z][a-z0-9_]{0,62}$'),
    kind            text        NOT NULL CHECK (kind IN ('fastspecfit', 'voidfinder', 'v2', 'generic')),
    table_name      text        NOT NULL,
    id_column       text        NOT NULL,
    ra_column       text,
    dec_column      text,
    z_column        text,
    zone_height_deg double precision NOT NULL DEFAULT 0.05 CHECK (zone_height_deg > 0 AND zone_height_deg <= 180),
    row_count       bigint      NOT NULL DEFAULT 0 CHECK (row_count >= 0),
    description     text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE catalog IS 'Registered catalogs: where their rows live and which columns hold id, position and redshift.';
COMMENT ON COLUMN catalog.name IS 'Catalog name used in the APIs (lower case, [a-z][a-z0-9_]*).';
COMMENT ON COLUMN catalog.table_name IS 'Qualified table holding the rows (shared tables are filtered by catalog_id).';
COMMENT ON COLUMN catalog.zone_height_deg IS 'Height of the declination zones of the spatial index [deg].';
COMMENT ON COLUMN catalog.row_count IS 'Rows loaded (valid rows only) [count].';

CREATE TABLE catalog_column (
    catalog_id  integer NOT NULL REFERENCES catalog ON DELETE CASCADE,
    ordinal     integer NOT NULL,
    name        text    NOT NULL,
    sql_type    text    NOT NULL,
    unit        text,
    description text,
    PRIMARY KEY (catalog_id, name),
    UNIQUE (catalog_id, ordinal)
);
COMMENT ON TABLE catalog_column IS 'Columns of each catalog with SQL type and unit (FITS TUNIT); the query API validates filters against it.';

CREATE TABLE ingest_run (
    run_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    catalog_name   text        NOT NULL,
    profile        text        NOT NULL CHECK (profile IN ('fastspecfit', 'voidfinder', 'v2', 'generic')),
    source         text        NOT NULL,
    file_name      text        NOT NULL,
    size_bytes     bigint      CHECK (size_bytes >= 0),
    sha256         text        CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    options        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status         text        NOT NULL DEFAULT 'QUEUED'
                               CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    rows_total     bigint,
    rows_read      bigint      NOT NULL DEFAULT 0,
    rows_loaded    bigint      NOT NULL DEFAULT 0,
    rows_rejected  bigint      NOT NULL DEFAULT 0,
    bytes_read     bigint      NOT NULL DEFAULT 0,
    error          text,
    worker         text,
    heartbeat_at   timestamptz,
    attempts       integer     NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    started_at     timestamptz,
    finished_at    timestamptz
);
COMMENT ON TABLE ingest_run IS 'One ingest job: a FITS file loaded into a catalog with a profile.';
COMMENT ON COLUMN ingest_run.size_bytes IS 'Size of the source file [bytes].';
COMMENT ON COLUMN ingest_run.sha256 IS 'SHA-256 of the source file (hex); with catalog and profile it makes a load idempotent.';
COMMENT ON COLUMN ingest_run.bytes_read IS 'Bytes of the source file read so far [bytes].';
COMMENT ON COLUMN ingest_run.heartbeat_at IS 'Last progress report of the worker running the job; a stale heartbeat means the worker died.';
CREATE INDEX ingest_run_status_idx ON ingest_run (status) WHERE status IN ('QUEUED', 'RUNNING');
-- Idempotency: one successful or in-flight load per (catalog, profile, file content).
CREATE UNIQUE INDEX ingest_run_idempotency_idx ON ingest_run (catalog_name, profile, sha256)
    WHERE status IN ('QUEUED', 'RUNNING', 'SUCCEEDED') AND sha256 IS NOT NULL;

CREATE TABLE catalog_source_file (
    catalog_id   integer     NOT NULL REFERENCES catalog ON DELETE CASCADE,
    file_id      integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_name    text        NOT NULL,
    sha256       text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes   bigint      NOT NULL CHECK (size_bytes >= 0),
    row_count    bigint      NOT NULL CHECK (row_count >= 0),
    run_id       bigint      REFERENCES ingest_run,
    loaded_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (catalog_id, file_name)
);
COMMENT ON TABLE catalog_source_file IS 'Provenance: the files whose rows a catalog holds (one row per file name; a changed file replaces it).';
COMMENT ON COLUMN catalog_source_file.row_count IS 'Valid rows loaded from this file [count].';

CREATE TABLE rejected_row (
    run_id      bigint  NOT NULL REFERENCES ingest_run ON DELETE CASCADE,
    row_number  bigint  NOT NULL CHECK (row_number >= 1),
    hdu         text,
    reason      text    NOT NULL,
    raw_values  jsonb,
    PRIMARY KEY (run_id, row_number)
);
COMMENT ON TABLE rejected_row IS 'Rows of a source file that failed validation, kept with the reason.';
COMMENT ON COLUMN rejected_row.row_number IS '1-based row number in the source table (FITS convention).';

-- ---------------------------------------------------------------------------------------------
-- FastSpecFit galaxies (DESI DR1 iron value-added catalog, METADATA + SPECPHOT + FASTSPEC)
-- ---------------------------------------------------------------------------------------------
-- Keyed by (catalog, TARGETID): one catalog holds one survey/program (e.g. main-bright), within
-- which TARGETID is unique; SURVEY and PROGRAM are kept for joins with other DESI tables.
CREATE TABLE fastspecfit_galaxy (
    catalog_id        integer          NOT NULL REFERENCES catalog ON DELETE CASCADE,
    targetid          bigint           NOT NULL,
    survey            text,
    program           text,
    healpix           integer,
    ra                double precision NOT NULL CHECK (ra >= 0 AND ra < 360),
    dec               double precision NOT NULL CHECK (dec >= -90 AND dec <= 90),
    zone              integer          NOT NULL,
    z                 double precision,
    zwarn             smallint,
    deltachi2         double precision,
    spectype          text,
    logmstar          real,
    sfr               real,
    dn4000            real,
    dn4000_ivar       real,
    vdisp             real,
    vdisp_ivar        real,
    age               real,
    zzsun             real,
    tauv              real,
    absmag01_sdss_r   real,
    flux_r            real,
    source_file_id    integer          REFERENCES catalog_source_file (file_id) ON DELETE CASCADE,
    source_row        bigint,
    PRIMARY KEY (catalog_id, targetid)
);
COMMENT ON TABLE fastspecfit_galaxy IS 'DESI DR1 FastSpecFit (iron) per-galaxy science columns.';
COMMENT ON COLUMN fastspecfit_galaxy.targetid IS 'DESI TARGETID.';
COMMENT ON COLUMN fastspecfit_galaxy.ra IS 'Right ascension (ICRS) [deg], 0 <= ra < 360.';
COMMENT ON COLUMN fastspecfit_galaxy.dec IS 'Declination (ICRS) [deg], -90 <= dec <= 90.';
COMMENT ON COLUMN fastspecfit_galaxy.zone IS 'Declination zone floor((dec + 90) / catalog.zone_height_deg) [index].';
COMMENT ON COLUMN fastspecfit_galaxy.z IS 'Redshift (Redrock) [dimensionless].';
COMMENT ON COLUMN fastspecfit_galaxy.zwarn IS 'Redrock warning bitmask; 0 = no warning.';
COMMENT ON COLUMN fastspecfit_galaxy.deltachi2 IS 'Redrock chi2 difference to the next best fit [dimensionless].';
COMMENT ON COLUMN fastspecfit_galaxy.logmstar IS 'Stellar mass log10(M*/Msun), h=1, Chabrier IMF [dex].';
COMMENT ON COLUMN fastspecfit_galaxy.sfr IS 'Instantaneous star formation rate [Msun/yr].';
COMMENT ON COLUMN fastspecfit_galaxy.dn4000 IS '4000-A break strength Dn(4000) [dimensionless].';
COMMENT ON COLUMN fastspecfit_galaxy.dn4000_ivar IS 'Inverse variance of dn4000 [dimensionless]; 0 = not measured.';
COMMENT ON COLUMN fastspecfit_galaxy.vdisp IS 'Stellar velocity dispersion [km/s].';
COMMENT ON COLUMN fastspecfit_galaxy.vdisp_ivar IS 'Inverse variance of vdisp [s^2/km^2]; 0 = not measured.';
COMMENT ON COLUMN fastspecfit_galaxy.age IS 'Light-weighted stellar age [Gyr].';
COMMENT ON COLUMN fastspecfit_galaxy.zzsun IS 'Stellar metallicity log10(Z/Zsun) [dex].';
COMMENT ON COLUMN fastspecfit_galaxy.tauv IS 'V-band dust optical depth [dimensionless].';
COMMENT ON COLUMN fastspecfit_galaxy.absmag01_sdss_r IS 'Absolute magnitude, SDSS r band-shifted to z=0.1, h=1 [mag].';
COMMENT ON COLUMN fastspecfit_galaxy.flux_r IS 'Legacy Surveys r-band flux [nanomaggies].';
COMMENT ON COLUMN fastspecfit_galaxy.source_row IS '1-based row number in the source file.';
CREATE INDEX fastspecfit_galaxy_zone_ra_idx ON fastspecfit_galaxy (catalog_id, zone, ra);
CREATE INDEX fastspecfit_galaxy_source_file_idx ON fastspecfit_galaxy (source_file_id);

-- ---------------------------------------------------------------------------------------------
-- DESIVAST void catalogs
-- ---------------------------------------------------------------------------------------------
CREATE TABLE void_catalog (
    catalog_id   integer          PRIMARY KEY REFERENCES catalog ON DELETE CASCADE,
    algorithm    text             NOT NULL CHECK (algorithm IN ('VoidFinder', 'REVOLVER', 'VIDE', 'ZOBOV')),
    omega_m      double precision NOT NULL CHECK (omega_m > 0 AND omega_m <= 1),
    hubble_h     double precision NOT NULL CHECK (hubble_h > 0),
    z_min        double precision,
    z_max        double precision,
    d_min_mpc_per_h double precision,
    d_max_mpc_per_h double precision,
    mag_limit    double precision,
    volume_mpc3_per_h3 double precision,
    header       jsonb            NOT NULL DEFAULT '{}'::jsonb
);
COMMENT ON TABLE void_catalog IS 'Cosmology and limits of a void catalog, from its PRIMARY header (OMEGAM, HP, ZLIML/ZLIMU, DLIML/DLIMU, MAGLIM, VOLUME).';
COMMENT ON COLUMN void_catalog.omega_m IS 'Matter density Omega_m of the flat LCDM cosmology used [dimensionless].';
COMMENT ON COLUMN void_catalog.hubble_h IS 'Hubble parameter h = H0 / (100 km/s/Mpc) used for distances [dimensionless].';
COMMENT ON COLUMN void_catalog.d_min_mpc_per_h IS 'Lower comoving distance limit [Mpc/h].';
COMMENT ON COLUMN void_catalog.d_max_mpc_per_h IS 'Upper comoving distance limit [Mpc/h].';

CREATE TABLE voidfinder_void (
    catalog_id    integer          NOT NULL REFERENCES catalog ON DELETE CASCADE,
    void_id       integer          NOT NULL,
    x             double precision NOT NULL,
    y             double precision NOT NULL,
    z             double precision NOT NULL,
    radius        double precision NOT NULL CHECK (radius > 0),
    edge          smallint,
    r             double precision,
    ra            double precision CHECK (ra >= 0 AND ra < 360),
    dec           double precision CHECK (dec >= -90 AND dec <= 90),
    zone          integer,
    r_eff         double precision,
    r_eff_uncert  double precision,
    PRIMARY KEY (catalog_id, void_id)
);
COMMENT ON TABLE voidfinder_void IS 'VoidFinder maximal spheres (MAXIMALS HDU): one row per void.';
COMMENT ON COLUMN voidfinder_void.x IS 'Comoving Cartesian x of the maximal sphere centre [Mpc/h].';
COMMENT ON COLUMN voidfinder_void.y IS 'Comoving Cartesian y [Mpc/h].';
COMMENT ON COLUMN voidfinder_void.z IS 'Comoving Cartesian z [Mpc/h] (not redshift).';
COMMENT ON COLUMN voidfinder_void.radius IS 'Radius of the maximal sphere [Mpc/h].';
COMMENT ON COLUMN voidfinder_void.edge IS '0 interior, 1 edge void, 2 a hole within 10 Mpc/h of the survey mask.';
COMMENT ON COLUMN voidfinder_void.r IS 'Comoving distance of the centre [Mpc/h].';
COMMENT ON COLUMN voidfinder_void.ra IS 'Right ascension of the centre [deg], normalised to [0, 360).';
COMMENT ON COLUMN voidfinder_void.dec IS 'Declination of the centre [deg].';
COMMENT ON COLUMN voidfinder_void.r_eff IS 'Effective radius of the void (volume-equivalent sphere) [Mpc/h].';
COMMENT ON COLUMN voidfinder_void.r_eff_uncert IS 'Uncertainty of r_eff [Mpc/h].';
CREATE INDEX voidfinder_void_zone_ra_idx ON voidfinder_void (catalog_id, zone, ra);

CREATE TABLE voidfinder_hole (
    catalog_id  integer          NOT NULL REFERENCES catalog ON DELETE CASCADE,
    hole_id     integer          NOT NULL,
    void_id     integer          NOT NULL,
    x           double precision NOT NULL,
    y           double precision NOT NULL,
    z           double precision NOT NULL,
    radius      double precision NOT NULL CHECK (radius > 0),
    PRIMARY KEY (catalog_id, hole_id)
);
COMMENT ON TABLE voidfinder_hole IS 'VoidFinder holes (HOLES HDU): a void is the union of its holes.';
COMMENT ON COLUMN voidfinder_hole.hole_id IS '1-based row number in the HOLES HDU.';
COMMENT ON COLUMN voidfinder_hole.x IS 'Comoving Cartesian x of the hole centre [Mpc/h].';
COMMENT ON COLUMN voidfinder_hole.radius IS 'Hole radius [Mpc/h].';
CREATE INDEX voidfinder_hole_void_idx ON voidfinder_hole (catalog_id, void_id);

CREATE TABLE v2_void (
    catalog_id  integer          NOT NULL REFERENCES catalog ON DELETE CASCADE,
    void_id     integer          NOT NULL,
    x           double precision NOT NULL,
    y           double precision NOT NULL,
    z           double precision NOT NULL,
    redshift    double precision,
    ra          double precision CHECK (ra >= 0 AND ra < 360),
    dec         double precision CHECK (dec >= -90 AND dec <= 90),
    zone        integer,
    radius      double precision NOT NULL CHECK (radius > 0),
    axes        double precision[],
    tot_area    double precision,
    edge_area   double precision,
    PRIMARY KEY (catalog_id, void_id)
);
COMMENT ON TABLE v2_void IS 'V2 (REVOLVER / VIDE / ZOBOV) voids (VOIDS HDU).';
COMMENT ON COLUMN v2_void.x IS 'Comoving Cartesian x of the void centre [Mpc/h].';
COMMENT ON COLUMN v2_void.redshift IS 'Redshift of the void centre [dimensionless].';
COMMENT ON COLUMN v2_void.radius IS 'Effective radius (volume-equivalent sphere) [Mpc/h].';
COMMENT ON COLUMN v2_void.axes IS 'Ellipsoid axes X1,Y1,Z1,X2,Y2,Z2,X3,Y3,Z3 [Mpc/h].';
COMMENT ON COLUMN v2_void.tot_area IS 'Total surface area of the void [(Mpc/h)^2].';
COMMENT ON COLUMN v2_void.edge_area IS 'Surface area bordering the survey edge [(Mpc/h)^2]; edge void when edge_area/tot_area > 0.1.';
CREATE INDEX v2_void_zone_ra_idx ON v2_void (catalog_id, zone, ra);

CREATE TABLE v2_zone (
    catalog_id  integer NOT NULL REFERENCES catalog ON DELETE CASCADE,
    zone_id     integer NOT NULL,
    void0       integer NOT NULL,
    void1       integer NOT NULL,
    PRIMARY KEY (catalog_id, zone_id)
);
COMMENT ON TABLE v2_zone IS 'V2 ZONEVOID: void0 = smallest containing void, void1 = largest; -1 = none.';

CREATE TABLE v2_galaxy_zone (
    catalog_id  integer          NOT NULL REFERENCES catalog ON DELETE CASCADE,
    gal         bigint           NOT NULL,
    targetid    bigint,
    x           double precision,
    y           double precision,
    z           double precision,
    zone_id     integer          NOT NULL,
    depth       integer,
    edge        smallint,
    out_flag    smallint,
    PRIMARY KEY (catalog_id, gal)
);
COMMENT ON TABLE v2_galaxy_zone IS 'V2 GALZONE: the zone of each tracer galaxy.';
COMMENT ON COLUMN v2_galaxy_zone.targetid IS 'DESI TARGETID of the tracer galaxy (GALZONE.TARGET).';
COMMENT ON COLUMN v2_galaxy_zone.x IS 'Comoving Cartesian x [Mpc/h].';
CREATE INDEX v2_galaxy_zone_targetid_idx ON v2_galaxy_zone (catalog_id, targetid);

-- ---------------------------------------------------------------------------------------------
-- Cross-match jobs and results
-- ---------------------------------------------------------------------------------------------
CREATE TABLE crossmatch_job (
    job_id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type              text        NOT NULL CHECK (type IN ('sky', 'voids')),
    left_catalog_id   integer     NOT NULL REFERENCES catalog ON DELETE CASCADE,
    right_catalog_id  integer     NOT NULL REFERENCES catalog ON DELETE CASCADE,
    radius_arcsec     double precision CHECK (radius_arcsec >= 0.01 AND radius_arcsec <= 3600),
    mode              text        CHECK (mode IN ('all', 'best')),
    status            text        NOT NULL DEFAULT 'QUEUED'
                                  CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    partitions_total  integer     NOT NULL DEFAULT 0,
    partitions_done   integer     NOT NULL DEFAULT 0,
    pairs             bigint      NOT NULL DEFAULT 0,
    error             text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    started_at        timestamptz,
    finished_at       timestamptz,
    CHECK (type <> 'sky' OR (radius_arcsec IS NOT NULL AND mode IS NOT NULL))
);
COMMENT ON TABLE crossmatch_job IS 'Sky cross-match (left x right within a radius) or void membership (galaxies x void catalog).';
COMMENT ON COLUMN crossmatch_job.radius_arcsec IS 'Match radius [arcsec], 0.01 to 3600.';

CREATE TABLE crossmatch_partition (
    job_id            bigint      NOT NULL REFERENCES crossmatch_job ON DELETE CASCADE,
    partition_no      integer     NOT NULL,
    zone_min          integer     NOT NULL,
    zone_max          integer     NOT NULL,
    status            text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'LEASED', 'DONE')),
    lease_owner       text,
    lease_expires_at  timestamptz,
    attempts          integer     NOT NULL DEFAULT 0,
    pairs             bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (job_id, partition_no)
);
COMMENT ON TABLE crossmatch_partition IS 'Sky partitions of a job (ranges of declination zones); workers lease them with FOR UPDATE SKIP LOCKED.';
COMMENT ON COLUMN crossmatch_partition.lease_expires_at IS 'A lease not renewed by this time may be taken by another worker.';

CREATE TABLE crossmatch_pair (
    job_id             bigint           NOT NULL REFERENCES crossmatch_job ON DELETE CASCADE,
    left_id            bigint           NOT NULL,
    right_id           bigint           NOT NULL,
    separation_arcsec  double precision NOT NULL CHECK (separation_arcsec >= 0),
    PRIMARY KEY (job_id, left_id, right_id)
);
COMMENT ON TABLE crossmatch_pair IS 'Pairs found by a sky cross-match job.';
COMMENT ON COLUMN crossmatch_pair.separation_arcsec IS 'Great-circle separation [arcsec].';

CREATE TABLE galaxy_environment (
    galaxy_catalog_id  integer          NOT NULL REFERENCES catalog ON DELETE CASCADE,
    object_id          bigint           NOT NULL,
    void_catalog_id    integer          NOT NULL REFERENCES catalog ON DELETE CASCADE,
    job_id             bigint           REFERENCES crossmatch_job ON DELETE SET NULL,
    environment        text             NOT NULL CHECK (environment IN ('void', 'wall', 'edge_void', 'outside')),
    void_id            integer,
    distance_mpc_per_h double precision CHECK (distance_mpc_per_h >= 0),
    r_over_reff        double precision CHECK (r_over_reff >= 0),
    PRIMARY KEY (galaxy_catalog_id, object_id, void_catalog_id)
);
COMMENT ON TABLE galaxy_environment IS 'Environment of each galaxy with respect to one void catalog (3-D, comoving).';
COMMENT ON COLUMN galaxy_environment.object_id IS 'Id of the galaxy in its catalog (TARGETID for FastSpecFit).';
COMMENT ON COLUMN galaxy_environment.environment IS 'void, wall, edge_void (in a void flagged as edge) or outside (outside the void catalog volume).';
COMMENT ON COLUMN galaxy_environment.distance_mpc_per_h IS 'Distance from the galaxy to the centre of its void [Mpc/h].';
COMMENT ON COLUMN galaxy_environment.r_over_reff IS 'Distance to the void centre over the void effective radius [dimensionless].';
CREATE INDEX galaxy_environment_void_idx ON galaxy_environment (void_catalog_id, void_id);

-- ---------------------------------------------------------------------------------------------
-- Generic catalogs: ingest creates one table per catalog here (as the writer role).
-- ---------------------------------------------------------------------------------------------
CREATE SCHEMA IF NOT EXISTS catalog_data;
COMMENT ON SCHEMA catalog_data IS 'Tables of generic FITS catalogs, one per catalog, created by ingest-service.';

-- ---------------------------------------------------------------------------------------------
-- Least privilege: the writer loads and matches, the reader (query-service) only reads.
-- ---------------------------------------------------------------------------------------------
GRANT USAGE ON SCHEMA ${flyway:defaultSchema} TO ${writerRole}, ${readerRole};
GRANT SELECT ON ALL TABLES IN SCHEMA ${flyway:defaultSchema} TO ${readerRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${flyway:defaultSchema} TO ${writerRole};
REVOKE INSERT, UPDATE, DELETE ON ${flyway:defaultSchema}.${flyway:table} FROM ${writerRole};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${flyway:defaultSchema} TO ${writerRole};
ALTER DEFAULT PRIVILEGES IN SCHEMA ${flyway:defaultSchema} GRANT SELECT ON TABLES TO ${readerRole};
ALTER DEFAULT PRIVILEGES IN SCHEMA ${flyway:defaultSchema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${writerRole};
ALTER DEFAULT PRIVILEGES IN SCHEMA ${flyway:defaultSchema} GRANT USAGE ON SEQUENCES TO ${writerRole};
GRANT USAGE, CREATE ON SCHEMA catalog_data TO ${writerRole};
GRANT REFERENCES ON catalog_source_file TO ${writerRole};
GRANT USAGE ON SCHEMA catalog_data TO ${readerRole};
