-- Monthly province figure of one indicator across all editions (the province never changed), with how
-- many units reported it. How many units the map in force had is added by the caller (core.editions).
SELECT
    o.period,
    sum(o.numerator) AS numerator,
    sum(o.denominator) AS denominator,
    count(DISTINCT o.unit_code) AS units_reporting
FROM observation_current AS o
WHERE o.kpi = $kpi
GROUP BY o.period
ORDER BY o.period
