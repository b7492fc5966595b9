-- Province figure of every indicator for each of the given months: sums of numerators and
-- denominators (never an average of rates), and how many units reported.
SELECT
    o.period,
    o.kpi,
    sum(o.numerator) AS numerator,
    sum(o.denominator) AS denominator,
    count(DISTINCT o.unit_code) AS units_reporting,
    any_value(o.edition) AS edition
FROM observation_current AS o
WHERE list_contains($periods, o.period)
GROUP BY o.period, o.kpi
