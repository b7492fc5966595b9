-- Monthly figures of one indicator for the units of one edition. Figures of earlier editions are
-- carried forward through the crosswalks (never backwards): whole units exactly, parts of a split
-- unit by their share, marked as estimates.
SELECT
    o.period,
    c.to_code AS unit_code,
    sum(o.numerator * c.share) AS numerator,
    sum(o.denominator * c.share) AS denominator,
    bool_or(c.estimate) AS estimate
FROM observation_current AS o
JOIN crosswalk_chain AS c ON c.from_edition = o.edition AND c.from_code = o.unit_code
WHERE o.kpi = $kpi AND c.to_edition = $edition
  AND ($first IS NULL OR o.period >= $first)
  AND ($last IS NULL OR o.period <= $last)
GROUP BY o.period, c.to_code
ORDER BY o.period, c.to_code
