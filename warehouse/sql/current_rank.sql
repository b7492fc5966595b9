-- The newest revision that is not reverted of every figure of the months given (the rule of the view
-- observation_revision). A month at a time (warehouse/current.py): the whole national history at once
-- took 1.2 GB.
INSERT INTO figure_current (period, edition, unit_code, kpi, upload_id, numerator, denominator, is_sample)
SELECT period, edition, unit_code, kpi, upload_id, numerator, denominator, is_sample
FROM observation_revision
WHERE newest_first = 1 AND list_contains($periods, period)
