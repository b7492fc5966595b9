-- How many indicators each unit of an edition reported, month by month (its own months only; kept in
-- `unit_reporting` by the writes).
SELECT period, unit_code, indicators
FROM unit_reporting
WHERE edition = $edition
