-- Every indicator's figures for the units of one edition in the given months, carried forward
-- through the crosswalks exactly as unit_series.sql does: what a like-for-like change compares,
-- and (for one month) what a unit's rank among its peers is taken from.
SELECT
    o.period,
    o.kpi,
    c.to_code AS unit_code,
    sum(o.numerator * c.share) AS numerator,
    sum(o.denominator * c.share) AS denominator
FROM observation_current AS o
JOIN crosswalk_chain AS c ON c.from_edition = o.edition AND c.from_code = o.unit_code
WHERE c.to_edition = $edition AND list_contains($periods, o.period)
GROUP BY o.period, o.kpi, c.to_code
ORDER BY o.period, o.kpi, c.to_code
