-- TAP_SCHEMA also describes the void, environment and pair tables (ADQL schema "desi", the tables' own
-- names), so TOPCAT and pyvo users can join placements and pairs to the catalogs in ADQL. Columns come
-- from PostgreSQL's catalog (types, comments as descriptions, units from the comments' [brackets] where
-- they are VOUnits), so a later migration adding a column shows up here by itself.

-- VOTable datatype and arraysize of a PostgreSQL type name ('real', 'double precision[]', 'text', ...)
CREATE FUNCTION tap_schema.votable_datatype(sql_type text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE regexp_replace(sql_type, '\[\]$', '')
        WHEN 'smallint' THEN 'short' WHEN 'integer' THEN 'int' WHEN 'bigint' THEN 'long'
        WHEN 'real' THEN 'float' WHEN 'double precision' THEN 'double' WHEN 'boolean' THEN 'boolean'
        ELSE 'char' END
$$;

CREATE FUNCTION tap_schema.votable_arraysize(sql_type text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN sql_type LIKE '%[]' OR regexp_replace(sql_type, '\[\]$', '')
                     NOT IN ('smallint', 'integer', 'bigint', 'real', 'double precision', 'boolean') THEN '*' END
$$;

CREATE VIEW tap_schema.desi_tables AS
SELECT v.table_name, v.description, v.table_index
FROM (VALUES
    ('desi.catalog'::text, 'The catalog registry: catalog_id, name, kind, row count (join the other desi tables on catalog_id)'::text, 10),
    ('desi.void_catalog', 'Void catalogs: algorithm, cosmology (omega_m, hubble_h), redshift and distance limits, magnitude limit', 11),
    ('desi.voidfinder_void', 'VoidFinder voids (MAXIMALS): maximal sphere, effective radius, edge flag; distances in Mpc/h', 12),
    ('desi.voidfinder_hole', 'VoidFinder holes: the spheres whose union is a void; distances in Mpc/h', 13),
    ('desi.v2_void', 'V2 (REVOLVER, VIDE, ZOBOV) voids: centre, effective radius, areas, edge flag; distances in Mpc/h', 14),
    ('desi.v2_zone', 'V2 zones and the void (void0) each belongs to', 15),
    ('desi.v2_galaxy_zone', 'V2 tracers (GALZONE): comoving position, zone, edge and out flags', 16),
    ('desi.crossmatch_job', 'Sky cross-match and void-placement jobs (type sky or voids), with their state', 17),
    ('desi.galaxy_environment', 'Galaxies placed in voids, one row per galaxy and voids job: environment, void, distance to its centre, R/R_eff', 18),
    ('desi.crossmatch_pair', 'Pairs found by sky cross-match jobs, with their separation', 19)
) v(table_name, description, table_index)
WHERE to_regclass(v.table_name) IS NOT NULL AND has_table_privilege(to_regclass(v.table_name), 'SELECT');

-- what ADQL can select from those tables (jsonb headers are left out: no VOTable type carries them)
CREATE VIEW tap_schema.desi_columns AS
SELECT t.table_name,
       a.attname::text COLLATE "default" AS name,   -- name is collated "C"; the views keep the default
       format_type(a.atttypid, NULL) AS sql_type,   -- 'double precision[]' for an array
       col_description(a.attrelid, a.attnum) AS description,
       a.attnum AS ordinal,
       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indkey[0] = a.attnum) AS leading_index
FROM tap_schema.desi_tables t
JOIN pg_attribute a ON a.attrelid = to_regclass(t.table_name) AND a.attnum > 0 AND NOT a.attisdropped
WHERE format_type(a.atttypid, NULL) NOT IN ('jsonb', 'json', 'bytea');

CREATE OR REPLACE VIEW tap_schema.schemas AS
SELECT * FROM (VALUES
    ('TAP_SCHEMA'::text, NULL::text, 'What this TAP service serves: schemas, tables, columns and keys (IVOA TAP 1.1)'::text, 0),
    ('catalogs', NULL, 'The catalogs loaded into this service, one table per catalog (GET /api/v1/catalogs lists them)', 1),
    ('desi', NULL, 'Voids, galaxy environments (placements in voids) and cross-match pairs, with the registry and jobs they refer to', 2)
) v(schema_name, utype, description, schema_index);

CREATE OR REPLACE VIEW tap_schema.tables AS
SELECT * FROM (VALUES
    ('TAP_SCHEMA'::text, 'TAP_SCHEMA.schemas'::text, 'table'::text, NULL::text, 'Schemas of this service'::text, 0),
    ('TAP_SCHEMA', 'TAP_SCHEMA.tables', 'table', NULL, 'Tables of this service', 1),
    ('TAP_SCHEMA', 'TAP_SCHEMA.columns', 'table', NULL, 'Columns of the tables, with datatype, unit and UCD', 2),
    ('TAP_SCHEMA', 'TAP_SCHEMA.keys', 'table', NULL, 'Foreign keys between tables', 3),
    ('TAP_SCHEMA', 'TAP_SCHEMA.key_columns', 'table', NULL, 'Columns of the foreign keys', 4)
) v(schema_name, table_name, table_type, utype, description, table_index)
UNION ALL
SELECT 'desi', table_name, 'table', NULL, description, table_index FROM tap_schema.desi_tables
UNION ALL
SELECT 'catalogs', 'catalogs.' || name, 'table', NULL,
       coalesce(description, kind || ' catalog ' || name) || ' (' || row_count || ' rows)', 100 + catalog_id
FROM desi.catalog c
WHERE tap_schema.catalog_readable(c.catalog_id, c.table_name);

-- the TAP_SCHEMA rows of V12, then the desi tables' columns, then the catalogs' (as V12)
CREATE OR REPLACE VIEW tap_schema.columns AS
SELECT * FROM (VALUES
    ('TAP_SCHEMA.schemas'::text, 'schema_name'::text, NULL::text, NULL::text, NULL::text, 'Schema name'::text, 'char'::text, '*'::text, NULL::text, NULL::integer, 1, 0, 1, 0),
    ('TAP_SCHEMA.schemas', 'utype', NULL, NULL, NULL, 'Schema utype', 'char', '*', NULL, NULL, 1, 0, 1, 1),
    ('TAP_SCHEMA.schemas', 'description', NULL, NULL, NULL, 'Description', 'char', '*', NULL, NULL, 1, 0, 1, 2),
    ('TAP_SCHEMA.schemas', 'schema_index', NULL, NULL, NULL, 'Suggested order', 'int', NULL, NULL, NULL, 0, 0, 1, 3),
    ('TAP_SCHEMA.tables', 'schema_name', NULL, NULL, NULL, 'Schema the table belongs to', 'char', '*', NULL, NULL, 1, 0, 1, 0),
    ('TAP_SCHEMA.tables', 'table_name', NULL, NULL, NULL, 'Qualified table name for ADQL', 'char', '*', NULL, NULL, 1, 0, 1, 1),
    ('TAP_SCHEMA.tables', 'table_type', NULL, NULL, NULL, 'table or view', 'char', '*', NULL, NULL, 1, 0, 1, 2),
    ('TAP_SCHEMA.tables', 'utype', NULL, NULL, NULL, 'Table utype', 'char', '*', NULL, NULL, 1, 0, 1, 3),
    ('TAP_SCHEMA.tables', 'description', NULL, NULL, NULL, 'Description', 'char', '*', NULL, NULL, 1, 0, 1, 4),
    ('TAP_SCHEMA.tables', 'table_index', NULL, NULL, NULL, 'Suggested order', 'int', NULL, NULL, NULL, 0, 0, 1, 5),
    ('TAP_SCHEMA.columns', 'table_name', NULL, NULL, NULL, 'Qualified table name', 'char', '*', NULL, NULL, 1, 0, 1, 0),
    ('TAP_SCHEMA.columns', 'column_name', NULL, NULL, NULL, 'Column name', 'char', '*', NULL, NULL, 1, 0, 1, 1),
    ('TAP_SCHEMA.columns', 'utype', NULL, NULL, NULL, 'Column utype', 'char', '*', NULL, NULL, 1, 0, 1, 2),
    ('TAP_SCHEMA.columns', 'ucd', NULL, NULL, NULL, 'Unified Content Descriptor', 'char', '*', NULL, NULL, 1, 0, 1, 3),
    ('TAP_SCHEMA.columns', 'unit', NULL, NULL, NULL, 'Unit (VOUnit)', 'char', '*', NULL, NULL, 1, 0, 1, 4),
    ('TAP_SCHEMA.columns', 'description', NULL, NULL, NULL, 'Description', 'char', '*', NULL, NULL, 1, 0, 1, 5),
    ('TAP_SCHEMA.columns', 'datatype', NULL, NULL, NULL, 'VOTable datatype', 'char', '*', NULL, NULL, 1, 0, 1, 6),
    ('TAP_SCHEMA.columns', 'arraysize', NULL, NULL, NULL, 'VOTable arraysize', 'char', '*', NULL, NULL, 1, 0, 1, 7),
    ('TAP_SCHEMA.columns', 'xtype', NULL, NULL, NULL, 'VOTable xtype', 'char', '*', NULL, NULL, 1, 0, 1, 8),
    ('TAP_SCHEMA.columns', '"size"', NULL, NULL, NULL, 'Length of arrays (TAP 1.0; use arraysize)', 'int', NULL, NULL, NULL, 0, 0, 1, 9),
    ('TAP_SCHEMA.columns', 'principal', NULL, NULL, NULL, '1 for a principal column', 'int', NULL, NULL, NULL, 1, 0, 1, 10),
    ('TAP_SCHEMA.columns', 'indexed', NULL, NULL, NULL, '1 for an indexed column', 'int', NULL, NULL, NULL, 1, 0, 1, 11),
    ('TAP_SCHEMA.columns', 'std', NULL, NULL, NULL, '1 for a column defined by a standard', 'int', NULL, NULL, NULL, 0, 0, 1, 12),
    ('TAP_SCHEMA.columns', 'column_index', NULL, NULL, NULL, 'Suggested order', 'int', NULL, NULL, NULL, 0, 0, 1, 13),
    ('TAP_SCHEMA.keys', 'key_id', NULL, NULL, NULL, 'Key id', 'char', '*', NULL, NULL, 1, 0, 1, 0),
    ('TAP_SCHEMA.keys', 'from_table', NULL, NULL, NULL, 'Table with the foreign key', 'char', '*', NULL, NULL, 1, 0, 1, 1),
    ('TAP_SCHEMA.keys', 'target_table', NULL, NULL, NULL, 'Table the key points to', 'char', '*', NULL, NULL, 1, 0, 1, 2),
    ('TAP_SCHEMA.keys', 'utype', NULL, NULL, NULL, 'Key utype', 'char', '*', NULL, NULL, 1, 0, 1, 3),
    ('TAP_SCHEMA.keys', 'description', NULL, NULL, NULL, 'Description', 'char', '*', NULL, NULL, 1, 0, 1, 4),
    ('TAP_SCHEMA.key_columns', 'key_id', NULL, NULL, NULL, 'Key id', 'char', '*', NULL, NULL, 1, 0, 1, 0),
    ('TAP_SCHEMA.key_columns', 'from_column', NULL, NULL, NULL, 'Column in from_table', 'char', '*', NULL, NULL, 1, 0, 1, 1),
    ('TAP_SCHEMA.key_columns', 'target_column', NULL, NULL, NULL, 'Column in target_table', 'char', '*', NULL, NULL, 1, 0, 1, 2)
) v(table_name, column_name, utype, ucd, unit, description, datatype, arraysize, xtype, size, principal, indexed, std, column_index)
UNION ALL
SELECT d.table_name, tap_schema.adql_identifier(d.name), NULL,
       CASE WHEN d.name = 'ra' THEN 'pos.eq.ra' WHEN d.name = 'dec' THEN 'pos.eq.dec' END,
       -- the unit a comment gives in [brackets], when it is a VOUnit (Mpc/h is not: h is no unit)
       CASE substring(d.description FROM '\[([^]]+)\]') WHEN 'deg' THEN 'deg' WHEN 'arcsec' THEN 'arcsec' END,
       d.description,
       tap_schema.votable_datatype(d.sql_type),
       tap_schema.votable_arraysize(d.sql_type),
       NULL, NULL,
       1,
       CASE WHEN d.leading_index THEN 1 ELSE 0 END,
       0, d.ordinal
FROM tap_schema.desi_columns d
UNION ALL
SELECT 'catalogs.' || c.name, tap_schema.adql_identifier(cc.name), NULL,
       CASE cc.name WHEN c.id_column THEN 'meta.id;meta.main' WHEN c.ra_column THEN 'pos.eq.ra;meta.main'
                    WHEN c.dec_column THEN 'pos.eq.dec;meta.main' WHEN c.z_column THEN 'src.redshift' END,
       cc.unit, cc.description,
       tap_schema.votable_datatype(cc.sql_type),
       tap_schema.votable_arraysize(cc.sql_type),
       NULL, NULL,
       CASE WHEN cc.name IN (c.id_column, c.ra_column, c.dec_column, c.z_column) THEN 1 ELSE 0 END,
       CASE WHEN cc.name IN (c.id_column, c.ra_column) THEN 1 ELSE 0 END,
       0, cc.ordinal
FROM desi.catalog c JOIN desi.catalog_column cc USING (catalog_id)
WHERE tap_schema.catalog_readable(c.catalog_id, c.table_name);

-- foreign keys between the desi tables (single columns; listed only when both tables are)
CREATE VIEW tap_schema.desi_keys AS
SELECT * FROM (VALUES
    ('desi_void_catalog'::text, 'desi.void_catalog'::text, 'desi.catalog'::text, 'The catalog entry of a void catalog'::text, 'catalog_id'::text, 'catalog_id'::text),
    ('desi_voidfinder_void_catalog', 'desi.voidfinder_void', 'desi.catalog', 'Void catalog of a VoidFinder void', 'catalog_id', 'catalog_id'),
    ('desi_voidfinder_hole_catalog', 'desi.voidfinder_hole', 'desi.catalog', 'Void catalog of a hole', 'catalog_id', 'catalog_id'),
    ('desi_v2_void_catalog', 'desi.v2_void', 'desi.catalog', 'Void catalog of a V2 void', 'catalog_id', 'catalog_id'),
    ('desi_v2_zone_catalog', 'desi.v2_zone', 'desi.catalog', 'Void catalog of a V2 zone', 'catalog_id', 'catalog_id'),
    ('desi_v2_galaxy_zone_catalog', 'desi.v2_galaxy_zone', 'desi.catalog', 'Void catalog of a V2 tracer', 'catalog_id', 'catalog_id'),
    ('desi_job_left_catalog', 'desi.crossmatch_job', 'desi.catalog', 'Left catalog (galaxies) of a job', 'left_catalog_id', 'catalog_id'),
    ('desi_job_right_catalog', 'desi.crossmatch_job', 'desi.catalog', 'Right catalog (voids) of a job', 'right_catalog_id', 'catalog_id'),
    ('desi_environment_job', 'desi.galaxy_environment', 'desi.crossmatch_job', 'The voids job that placed the galaxy', 'job_id', 'job_id'),
    ('desi_environment_galaxies', 'desi.galaxy_environment', 'desi.catalog', 'Catalog of the placed galaxy', 'galaxy_catalog_id', 'catalog_id'),
    ('desi_environment_voids', 'desi.galaxy_environment', 'desi.catalog', 'Void catalog the galaxy was placed in', 'void_catalog_id', 'catalog_id'),
    ('desi_pair_job', 'desi.crossmatch_pair', 'desi.crossmatch_job', 'The sky cross-match job that found the pair', 'job_id', 'job_id')
) v(key_id, from_table, target_table, description, from_column, target_column)
WHERE from_table IN (SELECT table_name FROM tap_schema.desi_tables)
  AND target_table IN (SELECT table_name FROM tap_schema.desi_tables);

CREATE OR REPLACE VIEW tap_schema.keys AS
SELECT * FROM (VALUES
    ('tables_schema'::text, 'TAP_SCHEMA.tables'::text, 'TAP_SCHEMA.schemas'::text, NULL::text, 'Schema of a table'::text),
    ('columns_table', 'TAP_SCHEMA.columns', 'TAP_SCHEMA.tables', NULL, 'Table of a column'),
    ('keys_from', 'TAP_SCHEMA.keys', 'TAP_SCHEMA.tables', NULL, 'Table a key starts from'),
    ('keys_target', 'TAP_SCHEMA.keys', 'TAP_SCHEMA.tables', NULL, 'Table a key points to'),
    ('key_columns_key', 'TAP_SCHEMA.key_columns', 'TAP_SCHEMA.keys', NULL, 'Key of a key column')
) v(key_id, from_table, target_table, utype, description)
UNION ALL
SELECT key_id, from_table, target_table, NULL, description FROM tap_schema.desi_keys;

CREATE OR REPLACE VIEW tap_schema.key_columns AS
SELECT * FROM (VALUES
    ('tables_schema'::text, 'schema_name'::text, 'schema_name'::text),
    ('columns_table', 'table_name', 'table_name'),
    ('keys_from', 'from_table', 'table_name'),
    ('keys_target', 'target_table', 'table_name'),
    ('key_columns_key', 'key_id', 'key_id')
) v(key_id, from_column, target_column)
UNION ALL
SELECT key_id, from_column, target_column FROM tap_schema.desi_keys;

GRANT SELECT ON tap_schema.desi_tables, tap_schema.desi_columns, tap_schema.desi_keys TO ${readerRole}, ${writerRole};
GRANT EXECUTE ON FUNCTION tap_schema.votable_datatype(text), tap_schema.votable_arraysize(text) TO ${readerRole}, ${writerRole};
