-- Monthly figures of one indicator by district under the missing-report rule (view district_figures),
-- for the months whose map had districts.
SELECT
    period,
    district_code,
    district_name,
    numerator,
    denominator,
    units_reported AS units_reporting,
    units_carried,
    units_expected AS units_in_force,
    complete
FROM district_figures
WHERE kpi = $kpi
ORDER BY period, district_code
