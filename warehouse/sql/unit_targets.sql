-- Each unit's own target of one indicator on one map: its target of $year, else its latest earlier one.
SELECT unit_code, arg_max(value, year) AS value
FROM target
WHERE kpi = $kpi AND edition = $edition AND unit_code IS NOT NULL AND year <= $year
GROUP BY unit_code
