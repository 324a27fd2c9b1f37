-- Schema v6: V2 membership by VAST's nearest-tracer rule, and every placed galaxy knows its void.
--
-- * galaxy_environment.environment gains 'edge' (V2: not in a void, but the tracer's Voronoi cell is
--   open at the survey boundary, VAST's vflag 2). void_id, distance and R/R_eff are now filled for
--   wall and edge galaxies too: the void whose centre is nearest (void-centric profiles).
-- * crossmatch_job.v2_rule records how a V2 job placed galaxies that are not tracers.
-- * v2_void.edge keeps the VOIDS column EDGE of files written without the surface areas.

ALTER TABLE galaxy_environment DROP CONSTRAINT galaxy_environment_environment_check;
ALTER TABLE galaxy_environment ADD CONSTRAINT galaxy_environment_environment_check
    CHECK (environment IN ('void', 'wall', 'edge_void', 'edge', 'outside'));
COMMENT ON COLUMN galaxy_environment.environment IS 'void; wall; edge_void (in a void flagged as an edge void, or reached through a V2 edge tracer); edge (V2: no void, tracer cell open at the survey edge: undetermined); outside (beyond the catalog''s radial limits, no usable redshift, or a V2 OUT tracer).';
COMMENT ON COLUMN galaxy_environment.void_id IS 'void/edge_void: the void containing the galaxy; wall/edge: the void whose centre is nearest; outside: NULL.';
COMMENT ON COLUMN galaxy_environment.distance_mpc_per_h IS 'Distance from the galaxy to the centre of void_id [Mpc/h].';
COMMENT ON COLUMN galaxy_environment.r_over_reff IS 'distance_mpc_per_h over the effective radius of void_id [dimensionless].';

ALTER TABLE crossmatch_job ADD COLUMN v2_rule text CHECK (v2_rule IN ('nearest-tracer', 'effective-sphere'));
COMMENT ON COLUMN crossmatch_job.v2_rule IS 'V2 voids jobs: nearest-tracer (VAST: a non-tracer takes the zone of its nearest GALZONE tracer) or effective-sphere (inside R_eff of the centre).';

ALTER TABLE v2_void ADD COLUMN edge smallint;
COMMENT ON COLUMN v2_void.edge IS 'VOIDS column EDGE (1 = edge void) when the file has it; files with TOT_AREA/EDGE_AREA use edge_area/tot_area > 0.1.';
