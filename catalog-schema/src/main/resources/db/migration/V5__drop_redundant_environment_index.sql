-- Schema v5: galaxy_environment keeps three B-trees instead of four. The (void catalog, galaxy
-- catalog, environment) index of v2 duplicated what the primary key (galaxy catalog, object,
-- void catalog) already serves for the statistics, and each index costs on every one of the
-- millions of rows a voids job writes (bench/voids.sh).
DROP INDEX galaxy_environment_catalogs_idx;
