-- Province-wide targets of one indicator, by year.
SELECT year, value, source
FROM target
WHERE kpi = $kpi AND edition IS NULL AND unit_code IS NULL
ORDER BY year
