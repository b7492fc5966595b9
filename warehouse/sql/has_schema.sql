-- Whether the warehouse has been set up (an empty DuckDB file has no tables).
SELECT count(*) > 0 AS ready
FROM information_schema.tables
WHERE table_name = 'observation_current'
