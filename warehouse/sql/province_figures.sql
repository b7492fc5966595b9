-- The province per month and indicator under the missing-report rule (view province_figures): sums of
-- numerators and denominators (never an average of rates) over the units that reported and the stocks
-- carried, how many units the map in force has, and whether the month is complete.
-- Optional filters ($kpi, $periods) are NULL when not wanted.
SELECT
    period,
    kpi,
    numerator,
    denominator,
    units_reported AS units_reporting,
    units_carried,
    units_expected AS units_in_force,
    complete
FROM province_figures
WHERE ($kpi IS NULL OR kpi = $kpi)
  AND ($periods IS NULL OR list_contains($periods, period))
ORDER BY period, kpi
