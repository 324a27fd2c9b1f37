-- IVOA TAP_SCHEMA 1.1 as views over the catalog registry: the tables and columns query-service's TAP
-- service (/tap) answers ADQL on, always in step with the catalogs as they are loaded and dropped.
-- ADQL names: TAP_SCHEMA.<table> for these, catalogs.<catalog name> for every registered catalog.
-- A column whose name is an ADQL reserved word is listed in its delimited form ("size"), as TAP 1.1 asks.
CREATE SCHEMA tap_schema;

CREATE VIEW tap_schema.schemas AS
SELECT * FROM (VALUES
    ('TAP_SCHEMA'::text, NULL::text, 'What this TAP service serves: schemas, tables, columns and keys (IVOA TAP 1.1)'::text, 0),
    ('catalogs', NULL, 'The catalogs loaded into this service, one table per catalog (GET /api/v1/catalogs lists them)', 1)
) v(schema_name, utype, description, schema_index);

CREATE VIEW tap_schema.tables AS
SELECT * FROM (VALUES
    ('TAP_SCHEMA'::text, 'TAP_SCHEMA.schemas'::text, 'table'::text, NULL::text, 'Schemas of this service'::text, 0),
    ('TAP_SCHEMA', 'TAP_SCHEMA.tables', 'table', NULL, 'Tables of this service', 1),
    ('TAP_SCHEMA', 'TAP_SCHEMA.columns', 'table', NULL, 'Columns of the tables, with datatype, unit and UCD', 2),
    ('TAP_SCHEMA', 'TAP_SCHEMA.keys', 'table', NULL, 'Foreign keys between tables', 3),
    ('TAP_SCHEMA', 'TAP_SCHEMA.key_columns', 'table', NULL, 'Columns of the foreign keys', 4)
) v(schema_name, table_name, table_type, utype, description, table_index)
UNION ALL
SELECT 'catalogs', 'catalogs.' || name, 'table', NULL,
       coalesce(description, kind || ' catalog ' || name) || ' (' || row_count || ' rows)', 100 + catalog_id
FROM desi.catalog;

CREATE VIEW tap_schema.columns AS
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
SELECT 'catalogs.' || c.name, cc.name, NULL,
       CASE cc.name WHEN c.id_column THEN 'meta.id;meta.main' WHEN c.ra_column THEN 'pos.eq.ra;meta.main'
                    WHEN c.dec_column THEN 'pos.eq.dec;meta.main' WHEN c.z_column THEN 'src.redshift' END,
       cc.unit, cc.description,
       CASE regexp_replace(cc.sql_type, '\[\]$', '')
            WHEN 'smallint' THEN 'short' WHEN 'integer' THEN 'int' WHEN 'bigint' THEN 'long'
            WHEN 'real' THEN 'float' WHEN 'double precision' THEN 'double' WHEN 'boolean' THEN 'boolean'
            ELSE 'char' END,
       CASE WHEN cc.sql_type LIKE '%[]' OR regexp_replace(cc.sql_type, '\[\]$', '')
                 NOT IN ('smallint', 'integer', 'bigint', 'real', 'double precision', 'boolean') THEN '*' END,
       NULL, NULL,
       CASE WHEN cc.name IN (c.id_column, c.ra_column, c.dec_column, c.z_column) THEN 1 ELSE 0 END,
       CASE WHEN cc.name IN (c.id_column, c.ra_column) THEN 1 ELSE 0 END,
       0, cc.ordinal
FROM desi.catalog c JOIN desi.catalog_column cc USING (catalog_id);

-- the foreign keys TAP 1.1 defines between the TAP_SCHEMA tables themselves (catalogs have none)
CREATE VIEW tap_schema.keys AS
SELECT * FROM (VALUES
    ('tables_schema'::text, 'TAP_SCHEMA.tables'::text, 'TAP_SCHEMA.schemas'::text, NULL::text, 'Schema of a table'::text),
    ('columns_table', 'TAP_SCHEMA.columns', 'TAP_SCHEMA.tables', NULL, 'Table of a column'),
    ('keys_from', 'TAP_SCHEMA.keys', 'TAP_SCHEMA.tables', NULL, 'Table a key starts from'),
    ('keys_target', 'TAP_SCHEMA.keys', 'TAP_SCHEMA.tables', NULL, 'Table a key points to'),
    ('key_columns_key', 'TAP_SCHEMA.key_columns', 'TAP_SCHEMA.keys', NULL, 'Key of a key column')
) v(key_id, from_table, target_table, utype, description);
CREATE VIEW tap_schema.key_columns AS
SELECT * FROM (VALUES
    ('tables_schema'::text, 'schema_name'::text, 'schema_name'::text),
    ('columns_table', 'table_name', 'table_name'),
    ('keys_from', 'from_table', 'table_name'),
    ('keys_target', 'target_table', 'table_name'),
    ('key_columns_key', 'key_id', 'key_id')
) v(key_id, from_column, target_column);

GRANT USAGE ON SCHEMA tap_schema TO ${readerRole}, ${writerRole};
GRANT SELECT ON ALL TABLES IN SCHEMA tap_schema TO ${readerRole}, ${writerRole};
