-- Every indicator of every unit of an edition in one month, carried into that edition.
SELECT
    o.kpi,
    c.to_code AS unit_code,
    sum(o.numerator * c.share) AS numerator,
    sum(o.denominator * c.share) AS denominator
FROM observation_current AS o
JOIN crosswalk_chain AS c ON c.from_edition = o.edition AND c.from_code = o.unit_code
WHERE o.period = $period AND c.to_edition = $edition
GROUP BY o.kpi, c.to_code
