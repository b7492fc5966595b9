-- How many indicators each unit of an edition reported, month by month (its own months only).
SELECT o.period, o.unit_code, count(DISTINCT o.kpi) AS indicators
FROM observation_current AS o
WHERE o.edition = $edition
GROUP BY o.period, o.unit_code
