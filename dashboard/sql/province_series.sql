-- Monthly province figure of one indicator across all editions (the province never changed).
SELECT
    period,
    sum(numerator) AS numerator,
    sum(denominator) AS denominator,
    count(DISTINCT unit_code) AS units_reporting
FROM observation_current
WHERE kpi = $kpi
GROUP BY period
ORDER BY period
