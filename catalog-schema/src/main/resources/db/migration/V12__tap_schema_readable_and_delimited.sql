-- TAP_SCHEMA lists only what an ADQL query can read, and names as ADQL must write them:
--  * a column whose name is an ADQL or SQL reserved word (names, by, size, ...) or not a regular identifier
--    is listed delimited ("names"), as TAP 1.1 asks;
--  * a catalog appears only when its table exists, the reading role may select from it, and it has
--    registered columns (a registry entry left without its table is not advertised).
CREATE FUNCTION tap_schema.adql_identifier(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN name ~ '^[A-Za-z][A-Za-z0-9_]*$' AND upper(name) <> ALL (ARRAY['ABSOLUTE', 'ACTION', 'ADD', 'ALL', 'ALLOCATE', 'ALTER', 'AND', 'ANY', 'ARE', 'AS', 'ASC', 'ASSERTION', 'AT', 'AUTHORIZATION', 'AVG', 'BEGIN', 'BETWEEN', 'BIT', 'BIT_LENGTH', 'BOTH', 'BY', 'CASCADE', 'CASCADED', 'CASE', 'CAST', 'CATALOG', 'CHAR', 'CHARACTER', 'CHAR_LENGTH', 'CHARACTER_LENGTH', 'CHECK', 'CLOSE', 'COALESCE', 'COLLATE', 'COLLATION', 'COLUMN', 'COMMIT', 'CONNECT', 'CONNECTION', 'CONSTRAINT', 'CONSTRAINTS', 'CONTINUE', 'CONVERT', 'CORRESPONDING', 'COUNT', 'CREATE', 'CROSS', 'CURRENT', 'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'CURRENT_USER', 'CURSOR', 'DATE', 'DAY', 'DEALLOCATE', 'DECIMAL', 'DECLARE', 'DEFAULT', 'DEFERRABLE', 'DEFERRED', 'DELETE', 'DESC', 'DESCRIBE', 'DESCRIPTOR', 'DIAGNOSTICS', 'DISCONNECT', 'DISTINCT', 'DOMAIN', 'DOUBLE', 'DROP', 'ELSE', 'END', 'END-EXEC', 'ESCAPE', 'EXCEPT', 'EXCEPTION', 'EXEC', 'EXECUTE', 'EXISTS', 'EXTERNAL', 'EXTRACT', 'FALSE', 'FETCH', 'FIRST', 'FLOAT', 'FOR', 'FOREIGN', 'FOUND', 'FROM', 'FULL', 'GET', 'GLOBAL', 'GO', 'GOTO', 'GRANT', 'GROUP', 'HAVING', 'HOUR', 'IDENTITY', 'IMMEDIATE', 'IN', 'INDICATOR', 'INITIALLY', 'INNER', 'INPUT', 'INSENSITIVE', 'INSERT', 'INT', 'INTEGER', 'INTERSECT', 'INTERVAL', 'INTO', 'IS', 'ISOLATION', 'JOIN', 'KEY', 'LANGUAGE', 'LAST', 'LEADING', 'LEFT', 'LEVEL', 'LIKE', 'LOCAL', 'LOWER', 'MATCH', 'MAX', 'MIN', 'MINUTE', 'MODULE', 'MONTH', 'NAMES', 'NATIONAL', 'NATURAL', 'NCHAR', 'NEXT', 'NO', 'NOT', 'NULL', 'NULLIF', 'NUMERIC', 'OCTET_LENGTH', 'OF', 'ON', 'ONLY', 'OPEN', 'OPTION', 'OR', 'ORDER', 'OUTER', 'OUTPUT', 'OVERLAPS', 'PAD', 'PARTIAL', 'POSITION', 'PRECISION', 'PREPARE', 'PRESERVE', 'PRIMARY', 'PRIOR', 'PRIVILEGES', 'PROCEDURE', 'PUBLIC', 'READ', 'REAL', 'REFERENCES', 'RELATIVE', 'RESTRICT', 'REVOKE', 'RIGHT', 'ROLLBACK', 'ROWS', 'SCHEMA', 'SCROLL', 'SECOND', 'SECTION', 'SELECT', 'SESSION', 'SESSION_USER', 'SET', 'SIZE', 'SMALLINT', 'SOME', 'SPACE', 'SQL', 'SQLCODE', 'SQLERROR', 'SQLSTATE', 'SUBSTRING', 'SUM', 'SYSTEM_USER', 'TABLE', 'TEMPORARY', 'THEN', 'TIME', 'TIMESTAMP', 'TIMEZONE_HOUR', 'TIMEZONE_MINUTE', 'TO', 'TRAILING', 'TRANSACTION', 'TRANSLATE', 'TRANSLATION', 'TRIM', 'TRUE', 'UNION', 'UNIQUE', 'UNKNOWN', 'UPDATE', 'UPPER', 'USAGE', 'USER', 'USING', 'VALUE', 'VALUES', 'VARCHAR', 'VARYING', 'VIEW', 'WHEN', 'WHENEVER', 'WHERE', 'WITH', 'WORK', 'WRITE', 'YEAR', 'ZONE', 'ABS', 'ACOS', 'AREA', 'ASIN', 'ATAN', 'ATAN2', 'BIT_AND', 'BIT_NOT', 'BIT_OR', 'BIT_XOR', 'BOX', 'CEILING', 'CENTROID', 'CIRCLE', 'CONTAINS', 'COORD1', 'COORD2', 'COORDSYS', 'COS', 'COT', 'DEGREES', 'DISTANCE', 'EXP', 'FLOOR', 'ILIKE', 'INTERSECTS', 'IN_UNIT', 'LOG', 'LOG10', 'MOD', 'PI', 'POINT', 'POLYGON', 'POWER', 'RADIANS', 'REGION', 'RAND', 'ROUND', 'SIN', 'SQRT', 'TAN', 'TOP', 'TRUNCATE', 'OFFSET'])
                THEN name ELSE '"' || replace(name, '"', '""') || '"' END
$$;

CREATE FUNCTION tap_schema.catalog_readable(catalog_id integer, table_name text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT to_regclass(table_name) IS NOT NULL
       AND has_table_privilege(to_regclass(table_name), 'SELECT')
       AND EXISTS (SELECT 1 FROM desi.catalog_column cc WHERE cc.catalog_id = catalog_readable.catalog_id)
$$;

CREATE OR REPLACE VIEW tap_schema.tables AS
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
FROM desi.catalog c
WHERE tap_schema.catalog_readable(c.catalog_id, c.table_name);

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
SELECT 'catalogs.' || c.name, tap_schema.adql_identifier(cc.name), NULL,
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
FROM desi.catalog c JOIN desi.catalog_column cc USING (catalog_id)
WHERE tap_schema.catalog_readable(c.catalog_id, c.table_name);

GRANT EXECUTE ON FUNCTION tap_schema.adql_identifier(text), tap_schema.catalog_readable(integer, text) TO ${readerRole}, ${writerRole};
