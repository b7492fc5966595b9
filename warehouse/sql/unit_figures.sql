-- Figures of the units of one edition, carried forward through the crosswalks (never backwards):
-- whole units exactly, parts of a divided unit by their share, marked as estimates.
-- A unit made of several earlier units is complete only when all of them reported that month. If
-- some did not, a rate over the parts that did is kept, marked as an estimate; a count over them
-- would be too low, so it is left out (no figure rather than a false fall).
-- Optional filters ($kpi, $periods, $first, $last, $codes: units of $edition) are NULL when not wanted.
WITH carried AS (
    SELECT
        o.period,
        o.kpi,
        o.edition,
        c.to_code,
        o.numerator * c.share AS numerator,
        o.denominator * c.share AS denominator,
        c.estimate
    FROM observation_current AS o
    JOIN crosswalk_chain AS c ON c.from_edition = o.edition AND c.from_code = o.unit_code
    WHERE c.to_edition = $edition
      AND ($kpi IS NULL OR o.kpi = $kpi)
      AND ($periods IS NULL OR list_contains($periods, o.period))
      AND ($first IS NULL OR o.period >= $first)
      AND ($last IS NULL OR o.period <= $last)
      AND ($codes IS NULL OR list_contains($codes, c.to_code))
),
parts AS (
    SELECT from_edition AS edition, to_code, count(*) AS expected
    FROM crosswalk_chain
    WHERE to_edition = $edition
    GROUP BY from_edition, to_code
)
SELECT
    c.period,
    c.kpi,
    c.to_code AS unit_code,
    sum(c.numerator) AS numerator,
    sum(c.denominator) AS denominator,
    bool_or(c.estimate) OR count(*) < any_value(p.expected) AS estimate
FROM carried AS c
JOIN parts AS p USING (edition, to_code)
JOIN indicator AS i USING (kpi)
GROUP BY c.period, c.kpi, c.to_code
HAVING count(*) = any_value(p.expected) OR any_value(i.kind) = 'rate'
ORDER BY c.period, c.kpi, c.to_code
