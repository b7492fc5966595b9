-- Figures of the units of one edition, carried forward through the crosswalks (view unit_figures_live,
-- kept in `unit_month` by the writes).
-- Optional filters ($kpi, $periods, $first, $last, $codes: units of $edition) are NULL when not wanted.
-- With one indicator asked, its name is not repeated on every row (NULL): a series of every unit is 190 k
-- rows at national scale, and making a Python string of each name cost 20 ms.
SELECT
    period,
    CASE WHEN $kpi IS NULL THEN kpi END AS kpi,
    unit_code,
    numerator,
    denominator,
    estimate
FROM unit_month
WHERE edition = $edition
  AND ($kpi IS NULL OR kpi = $kpi)
  AND ($periods IS NULL OR list_contains($periods, period))
  AND ($first IS NULL OR period >= $first)
  AND ($last IS NULL OR period <= $last)
  AND ($codes IS NULL OR list_contains($codes, unit_code))
ORDER BY period, kpi, unit_code
