-- Which unit reported which indicator in a month (current figures only).
SELECT unit_code, kpi
FROM observation_current
WHERE period = $period
