-- Schema v8: ZWARN is Redrock's 64-bit warning bitmask (int64 in the FITS files); a smallint kept only
-- its low 16 bits, and a bit above 15 read as a different warning.
ALTER TABLE fastspecfit_galaxy ALTER COLUMN zwarn TYPE bigint;
UPDATE catalog_column SET sql_type = 'bigint'
    WHERE name = 'zwarn' AND catalog_id IN (SELECT catalog_id FROM catalog WHERE kind = 'fastspecfit');
COMMENT ON COLUMN fastspecfit_galaxy.zwarn IS 'Redrock warning bitmask (64 bits); 0 = no warning.';
