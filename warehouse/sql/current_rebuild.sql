-- Every figure's newest revision that is not reverted (the whole history ranked once, by the rule of the
-- view observation_revision). The tables computed from it are emptied here and filled month by month
-- (warehouse/current.py), so that no month of an earlier computation stays behind.
DELETE FROM unit_month;

DELETE FROM unit_reporting;

DELETE FROM area_month;

DELETE FROM figure_current;

INSERT INTO figure_current (period, edition, unit_code, kpi, upload_id, numerator, denominator, is_sample)
SELECT period, edition, unit_code, kpi, upload_id, numerator, denominator, is_sample
FROM observation_revision
WHERE newest_first = 1
