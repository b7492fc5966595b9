-- The newest revision that is not reverted of every figure of the months given (the rule of the view
-- observation_revision). A month at a time: ranking a national history at once took 1.2 GB, and
-- DuckDB 1.5.5 could not do it within the rebuild's memory limit at all.
INSERT INTO figure_current (period, edition, unit_code, kpi, upload_id, numerator, denominator, is_sample)
SELECT period, edition, unit_code, kpi, upload_id, numerator, denominator, is_sample
FROM observation_revision
WHERE newest_first = 1 AND list_contains($periods, period)
