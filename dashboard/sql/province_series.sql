-- Monthly province figure of one indicator across all editions (the province never changed), with
-- how many units reported it and how many units the map in force had that month.
WITH maps AS (
    SELECT
        coalesce(e.valid_from, DATE '1900-01-01') AS first_month,
        coalesce(e.valid_to, DATE '9999-12-31') AS last_month,
        count(u.code) AS units
    FROM edition AS e
    JOIN unit AS u USING (edition)
    GROUP BY e.edition, e.valid_from, e.valid_to
)
SELECT
    o.period,
    sum(o.numerator) AS numerator,
    sum(o.denominator) AS denominator,
    count(DISTINCT o.unit_code) AS units_reporting,
    any_value(m.units) AS units_in_force
FROM observation_current AS o
JOIN maps AS m ON o.period BETWEEN m.first_month AND m.last_month
WHERE o.kpi = $kpi
GROUP BY o.period
ORDER BY o.period
