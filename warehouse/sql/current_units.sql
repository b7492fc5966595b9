-- The units' figures of the months given (all with a NULL list), carried into every edition (view
-- unit_figures_live), and how many indicators each unit reported on its own map: computed again from the
-- current figures. In edition, period, kpi, unit order, so that a read of a few months skips the rest.
DELETE FROM unit_month WHERE $periods IS NULL OR list_contains($periods, period);

INSERT INTO unit_month (edition, period, kpi, unit_code, numerator, denominator, estimate)
SELECT edition, period, kpi, unit_code, numerator, denominator, estimate
FROM unit_figures_live
WHERE $periods IS NULL OR list_contains($periods, period)
ORDER BY edition, period, kpi, unit_code;

DELETE FROM unit_reporting WHERE $periods IS NULL OR list_contains($periods, period);

-- `figure_current` holds one row per unit, month and indicator: counting rows counts indicators.
INSERT INTO unit_reporting (edition, period, unit_code, indicators)
SELECT edition, period, unit_code, count(*)
FROM figure_current
WHERE $periods IS NULL OR list_contains($periods, period)
GROUP BY edition, period, unit_code
ORDER BY edition, period, unit_code
